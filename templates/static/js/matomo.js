// Matomo, counting visits without cookies: its address and the site's number come from
// this script's own tag (site.yaml's analytics:), as the site allows no inline script.
(function () {
  var tag = document.currentScript;
  var address = tag.getAttribute("data-matomo").replace(/\/?$/, "/");
  var queue = window._paq = window._paq || [];
  queue.push(["disableCookies"]);
  queue.push(["setTrackerUrl", address + "matomo.php"]);
  queue.push(["setSiteId", tag.getAttribute("data-site-id")]);
  queue.push(["trackPageView"]);
  queue.push(["enableLinkTracking"]);
  var matomo = document.createElement("script");
  matomo.async = true;
  matomo.src = address + "matomo.js";
  document.head.appendChild(matomo);
})();
