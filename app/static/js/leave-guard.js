// A form marked data-leave-guard (the minutes of a meeting) asks before the page is left
// with changes typed since it was loaded; sending the form itself, or another form on the page, does not ask.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-leave-guard]");
  if (!forms.length) { return; }
  // a page shown again after a refused save holds what was typed and not saved (data-unsaved)
  var changed = Array.prototype.some.call(forms, function (form) { return form.dataset.unsaved === "1"; });
  var submitting = false, message = forms[0].dataset.leaveGuard;
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
  });
  document.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (changed && !submitting) {
      event.preventDefault();
      event.returnValue = message;
      return message;
    }
    return undefined;
  });
})();
