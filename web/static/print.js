// The print button on the report page (no inline scripts: CSP).
document.addEventListener("DOMContentLoaded", function () {
  const knop = document.getElementById("print");
  if (knop) knop.addEventListener("click", function () { window.print(); });
});
