/* The navigation drawer, without Material's bundle.js. It opens and closes without any
   script: a checkbox (#__drawer) toggled by the menu button (touch) or by Space once focused
   (keyboard, see portal.css). This only gives the checkbox a name a screen reader can say
   and lets Escape close the drawer. */
(function () {
  var drawer = document.getElementById("__drawer");
  if (!drawer) return;
  drawer.setAttribute("aria-label", "Menu");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer.checked) return;
    drawer.checked = false;
    drawer.focus();
  });
})();
