/* The portal's search: works from file:// (a USB key, an unzipped copy) as over HTTP, and
   loads its index only on this page. The index is a script (search-index.js), not a
   fetch, because browsers refuse fetches from file://.
   Results are built with DOM methods only: no text from the data is ever parsed as HTML. */
(function () {
  "use strict";
  var index = window.PORTAL_SEARCH || { entries: [] };
  var input = document.getElementById("portal-q");
  var status = document.getElementById("portal-search-status");
  var list = document.getElementById("portal-search-results");
  if (!input || !status || !list) { return; }

  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /* « grossesses » finds « grossesse » and « hôpitaux » finds « hôpital »: a crude French
     singular is enough, since every query word is also matched as a prefix. */
  function singular(word) {
    if (word.length > 4 && /aux$/.test(word)) { return word.slice(0, -3) + "al"; }
    return word.length > 3 ? word.replace(/[sx]$/, "") : word;
  }

  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map(singular);
  }

  function matches(entry, terms) {
    return terms.every(function (term) {
      return entry.words.some(function (word) { return word.indexOf(term) === 0; });
    });
  }

  index.entries.forEach(function (entry) { entry.words = words(entry.text); });

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) { a.className = className; }
    return a;
  }

  function render(found) {
    list.textContent = "";
    found.slice(0, 40).forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "portal-entry";
      item.appendChild(link(index.base + entry.url, entry.name, "portal-entry__name"));
      var site = document.createElement("span");
      site.className = "portal-entry__site";
      site.textContent = entry.site;
      item.appendChild(site);
      var phones = document.createElement("ul");
      phones.className = "portal-phones";
      entry.phones.forEach(function (phone) {
        var line = document.createElement("li");
        var label = document.createElement("span");
        label.className = "portal-phones__label";
        label.textContent = phone[0] + " ";
        line.appendChild(label);
        line.appendChild(link(phone[2], phone[1], "portal-call"));
        phones.appendChild(line);
      });
      item.appendChild(phones);
      list.appendChild(item);
    });
  }

  function search() {
    var terms = words(input.value);
    if (!terms.length) { list.textContent = ""; status.textContent = ""; return; }
    var found = index.entries.filter(function (entry) { return matches(entry, terms); });
    status.textContent = found.length === 0 ? "Aucun service trouvé. Essayez un autre mot, "
      + "ou consultez l'annuaire de A à Z." : found.length + " service(s) trouvé(s).";
    render(found);
  }

  input.addEventListener("input", search);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  search();
})();
