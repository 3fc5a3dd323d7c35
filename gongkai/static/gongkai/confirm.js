// A form with data-confirm="…" asks before it is sent (publish, issue, delete,
// deactivate). Without JavaScript the form is sent as is; the service still
// checks everything.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A button with data-print prints the page (the print stylesheet drops the
// header, filters and buttons).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
