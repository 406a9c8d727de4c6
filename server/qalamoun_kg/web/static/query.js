// The query page: YASGUI pointed at this server's /sparql, with the project's prefixes, the
// example gallery, an "include inferred" switch (adds infer=true) and shareable links.
/* global Yasgui */
(function () {
  "use strict";

  const settings = JSON.parse(document.getElementById("qkg-config").textContent);
  const endpoint = new URL(settings.endpoint, window.location.href).href;
  const prefixLines = Object.entries(settings.prefixes).map(([name, iri]) => `${name}: <${iri}>`);
  const idBase = settings.prefixes.qr;
  const INFER = "infer";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  // Project IRIs open their page on this server; everything is escaped.
  function localHref(iri) {
    if (iri.startsWith(idBase)) return new URL(`/id/${iri.slice(idBase.length)}`, window.location.href).href;
    return iri;
  }

  function installTableLinks() {
    const Table = Yasgui.Yasr.plugins.table;
    if (!Table || !Table.prototype.getUriLinkFromBinding) return;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      const iri = binding.value;
      let shown = iri;
      let prefixed = false;
      for (const [name, ns] of Object.entries(prefixes || {})) {
        if (ns && iri.startsWith(ns)) {
          shown = `${name}:${iri.slice(ns.length)}`;
          prefixed = true;
          break;
        }
      }
      const link = `<a class="iri" href="${escapeHtml(localHref(iri))}">${escapeHtml(shown)}</a>`;
      return prefixed || this.persistentConfig.compact ? link : `&lt;${link}&gt;`;
    };
  }

  // The prefix completer offers (and auto-adds) the project's prefixes instead of asking prefix.cc.
  function installPrefixCompleter() {
    const base = Yasgui.Yasqe.Autocompleters.prefixes;
    Yasgui.Yasqe.registerAutocompleter(
      Object.assign({}, base, { get: () => Promise.resolve(prefixLines.slice().sort()) }),
    );
  }

  function hasInfer(tab) {
    const args = tab.getRequestConfig().args;
    return Array.isArray(args) && args.some((a) => a.name === INFER && a.value === "true");
  }

  function setInfer(tab, on) {
    const args = (tab.getRequestConfig().args || []).filter((a) => a.name !== INFER);
    if (on) args.push({ name: INFER, value: "true" });
    tab.setRequestConfig({ args });
  }

  function openExample(yasgui, example) {
    const tab = yasgui.addTab(true, {
      name: example.title,
      yasqe: { value: example.query },
    });
    setInfer(tab, document.getElementById("infer-switch").checked);
    tab.show();
    tab.query().catch(() => {});
  }

  function start() {
    installTableLinks();
    installPrefixCompleter();
    if (window.QkgChart) Yasgui.Yasr.registerPlugin("chart", window.QkgChart);
    const yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
      persistenceId: "qkg-query",
      tabName: "Query",
      yasqe: {
        value: settings.defaultQuery,
        autocompleters: ["prefixes", "variables"],
        collapsePrefixesOnLoad: true,
        editorHeight: "320px",
      },
      yasr: {
        prefixes: settings.prefixes,
        pluginOrder: ["table", "response", "chart"],
        defaultPlugin: "table",
      },
    });
    window.qkgYasgui = yasgui;

    const inferSwitch = document.getElementById("infer-switch");
    const sync = () => {
      const tab = yasgui.getTab();
      if (tab) inferSwitch.checked = hasInfer(tab);
    };
    sync();
    yasgui.on("tabSelect", () => setTimeout(sync, 0));
    inferSwitch.addEventListener("change", () => {
      const tab = yasgui.getTab();
      if (tab) setInfer(tab, inferSwitch.checked);
    });

    const byslug = new Map(settings.examples.map((e) => [e.slug, e]));
    document.querySelectorAll("a.example").forEach((a) =>
      a.addEventListener("click", (event) => {
        const example = byslug.get(a.dataset.slug);
        if (!example || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        openExample(yasgui, example);
      }),
    );

    document.getElementById("share-button").addEventListener("click", () => {
      const tab = yasgui.getTab();
      if (!tab) return;
      const link = new URL(window.location.pathname, window.location.href);
      link.searchParams.set("query", tab.getQuery());
      link.searchParams.set("tabTitle", tab.getName());
      if (hasInfer(tab)) link.searchParams.set(INFER, "true");
      window.history.replaceState(null, "", link.href);
      const status = document.getElementById("share-status");
      const done = () => (status.textContent = "Link copied (also in the address bar).");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link.href).then(done, () => (status.textContent = "Link in the address bar."));
      } else {
        status.textContent = "Link in the address bar.";
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
