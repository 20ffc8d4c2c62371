/* Material for MkDocs 9 (MIT), partials/javascripts/content.html, moved out of the page: the
   portal's CSP allows no inline script. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
