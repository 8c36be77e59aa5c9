/* Starts Redoc from a file rather than drf-spectacular's inline script, which the
   Content-Security-Policy forbids. Redoc writes its styles into <style> elements:
   it gives them the nonce the page's policy allows (data-nonce). */
"use strict";

(function () {
  const container = document.getElementById("redoc-container");
  const options = JSON.parse(container.dataset.settings || "{}");
  options.nonce = container.dataset.nonce;
  Redoc.init(container.dataset.schemaUrl, options, container);
})();
