// Name suggestions as you type, for every search box with `data-suggest` (the URL of the
// reconciliation service's suggest/entity): the same matcher as the search itself.
(function () {
  "use strict";
  var DELAY = 150;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(input, list); }, DELAY);
    });

    function refresh() {
      var prefix = input.value.trim();
      if (!prefix || prefix === asked) return;
      asked = prefix;
      var url = input.dataset.suggest + "?limit=8&prefix=" + encodeURIComponent(prefix);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { result: [] }; })
        .then(function (answer) { if (asked === prefix) fill(list, answer.result || []); })
        .catch(function () { /* suggestions are optional: the search still works */ });
    }
  }

  function fill(list, found) {
    while (list.firstChild) list.removeChild(list.firstChild);
    found.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.name;
      var kinds = (item.notable || []).map(function (t) { return t.name; }).join(", ");
      if (kinds) option.label = item.name + " (" + kinds + ")";
      list.appendChild(option);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
