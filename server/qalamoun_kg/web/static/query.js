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
  const LABELS_KEY = "qkg-show-labels";
  // The graph's own classes, properties and resources (IRI -> label), loaded once: completion
  // and result labels come from here, never from an outside service.
  const vocabulary = { classes: {}, properties: {}, entities: {} };
  const labelOf = new Map();
  let showLabels = window.localStorage.getItem(LABELS_KEY) !== "off";

  function loadVocabulary() {
    return fetch(settings.vocabulary, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((found) => {
        if (!found) return;
        Object.assign(vocabulary, found);
        for (const group of Object.values(found)) {
          for (const [iri, label] of Object.entries(group)) labelOf.set(iri, label);
        }
      })
      .catch(() => {});
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  // Project IRIs open their page on this server, as do the other terms the graph describes;
  // everything is escaped.
  function localHref(iri) {
    if (iri.startsWith(idBase)) return new URL(`/id/${iri.slice(idBase.length)}`, window.location.href).href;
    if (labelOf.has(iri)) {
      const page = new URL("/resource", window.location.href);
      page.searchParams.set("iri", iri);
      return page.href;
    }
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
      const href = escapeHtml(localHref(iri));
      const label = labelOf.get(iri);
      if (showLabels && label && label !== shown) {
        return `<a class="iri labelled" href="${href}" title="${escapeHtml(iri)}">${escapeHtml(label)}</a> <span class="iri-short">${escapeHtml(shown)}</span>`;
      }
      const link = `<a class="iri" href="${href}">${escapeHtml(shown)}</a>`;
      return prefixed || this.persistentConfig.compact ? link : `&lt;${link}&gt;`;
    };
  }

  // A prefixed name for a suggested IRI when the token is prefixed (characters a local name
  // cannot hold are escaped, as qr:place\/arsal), else the full IRI in brackets.
  function shortForm(token, iri) {
    const ns = token.tokenPrefixUri;
    if (token.tokenPrefix && ns && iri.startsWith(ns)) {
      return token.tokenPrefix + iri.slice(ns.length).replace(/[/#?&=~]/g, (c) => `\\${c}`);
    }
    return `<${iri}>`;
  }

  // Terms of one group whose IRI starts with what was typed or whose label contains the typed
  // local part (so qr:ars offers qr:place\/arsal, "Arsal"), best first: label starting with it,
  // a word of the label starting with it, the IRI starting with it, then the rest; short first.
  function matching(terms, token) {
    const typed = (token.autocompletionString || token.string || "").replace(/\\/g, "");
    const ns = token.tokenPrefixUri || "";
    const local = (ns && typed.startsWith(ns) ? typed.slice(ns.length) : typed).toLowerCase();
    const ranked = [];
    for (const [iri, label] of Object.entries(terms)) {
      if (ns && !iri.startsWith(ns)) continue;
      const name = label.toLowerCase();
      let rank = -1;
      if (local && name.startsWith(local)) rank = 0;
      else if (local && ` ${name}`.includes(` ${local}`)) rank = 1;
      else if (iri.toLowerCase().startsWith(typed.toLowerCase())) rank = 2;
      else if (local && name.includes(local)) rank = 3;
      if (rank >= 0) ranked.push([rank, label.length, iri]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    return ranked.slice(0, 50).map((item) => item[2]);
  }

  function labelledHints(hints) {
    return hints.map((hint) => {
      const label = hint.qkgLabel;
      return label && label !== hint.text ? Object.assign(hint, { displayText: `${hint.text}  — ${label}` }) : hint;
    });
  }

  // Class, property and resource completion from this graph (YASQE's own ask LOV, which the
  // page's content policy blocks anyway), shown as you type.
  function installGraphCompleters() {
    const completers = Yasgui.Yasqe.Autocompleters;
    const lastLabels = new Map();
    const own = (group) => ({
      get: (_yasqe, token) => matching(vocabulary[group], token || {}),
      postProcessSuggestion: (_yasqe, token, iri) => {
        const text = shortForm(token, iri);
        lastLabels.set(text, vocabulary[group][iri]);
        return text;
      },
      postprocessHints: (_yasqe, hints) =>
        labelledHints(hints.map((h) => Object.assign(h, { qkgLabel: lastLabels.get(h.text) }))),
      autoShow: true,
      bulk: false,
    });
    Yasgui.Yasqe.registerAutocompleter(Object.assign({}, completers.property, own("properties")));
    Yasgui.Yasqe.registerAutocompleter(Object.assign({}, completers.class, own("classes")));
    Yasgui.Yasqe.registerAutocompleter(
      Object.assign({}, completers.class, own("entities"), {
        name: "entity",
        isValidCompletionPosition: (yasqe) => {
          const text = yasqe.getCompleteToken().string;
          return text.startsWith("qr:") || text.startsWith(`<${idBase}`);
        },
      }),
    );
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

  function installLabelSwitch(yasgui) {
    const labelSwitch = document.getElementById("labels-switch");
    if (!labelSwitch) return;
    labelSwitch.checked = showLabels;
    labelSwitch.addEventListener("change", () => {
      showLabels = labelSwitch.checked;
      window.localStorage.setItem(LABELS_KEY, showLabels ? "on" : "off");
      const tab = yasgui.getTab();
      if (tab && tab.getYasr()) tab.getYasr().draw();
    });
  }

  function start() {
    installTableLinks();
    installPrefixCompleter();
    installGraphCompleters();
    if (window.QkgChart) Yasgui.Yasr.registerPlugin("chart", window.QkgChart);
    const yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
      persistenceId: "qkg-query",
      tabName: "Query",
      yasqe: {
        value: settings.defaultQuery,
        autocompleters: ["prefixes", "variables", "property", "class", "entity"],
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
    installLabelSwitch(yasgui);
    loadVocabulary().then(() => {
      const tab = yasgui.getTab();
      if (tab && tab.getYasr() && tab.getYasr().results) tab.getYasr().draw();
    });

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
