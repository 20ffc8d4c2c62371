/* The navigation drawer, without Material's bundle.js. It opens and closes without any
   script: a checkbox (#__drawer) toggled by the menu button (touch) or by Space once focused
   (keyboard, see portal.css), named « Menu » by the build. This only lets Escape close it. */
(function () {
  var drawer = document.getElementById("__drawer");
  if (!drawer) return;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer.checked) return;
    drawer.checked = false;
    drawer.focus();
  });
})();
