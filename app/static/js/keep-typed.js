// The language buttons load the page again in another language. The response form is sent with them and
// saved by the server; what is typed in the page's other forms (a sign-up, a reason for more time, a
// search) is kept in this tab's sessionStorage for that moment and put back into the same fields of the
// same page, so a switch loses nothing. Passwords, files and hidden fields are never kept, and an entry
// is used once, on the same address, within a minute.
// A page shown again after a refused save (the server marks a page made for a POST: data-after-post on
// <html>) holds the typed values as the fields' own values, so "changed" finds nothing there: the form that
// was posted is kept whole. The switch may then land on another address than the error page (a refused
// request for more time is shown at /utsatt-frist, the switch leads to the answer page): that form is put
// back into the form with the same action there, if the page has it.
(function () {
  "use strict";
  var KEY = "horing.typed", MAX_AGE_MS = 60000;
  var storage;
  try { storage = window.sessionStorage; } catch (e) { return; }  // storage turned off: nothing to keep
  if (!storage) { return; }

  function keepable(field) {
    var type = (field.type || "").toLowerCase();
    return field.name && !field.disabled && field.name !== "csrf_token" &&
      ["hidden", "password", "file", "submit", "button", "reset", "image"].indexOf(type) < 0;
  }

  // An address without its #fragment: a form without an action posts to the page's address, fragment or not
  function address(url) { return String(url).split("#")[0]; }

  // The form whose POST made this page: on a page shown again after a refused save it holds what was typed
  function posted(form) {
    return document.documentElement.hasAttribute("data-after-post") && address(form.action) === address(location.href);
  }

  function formsToKeep() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return form.id !== "response-form" && !form.closest(".language-switcher");
    });
  }

  // What the user changed: a field as the page gave it (a time filled in as 23:59) is no one's typing
  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") {
      // a list with no option marked selected was given its first one (the browser's choice, not the user's)
      var marked = Array.prototype.some.call(field.options, function (o) { return o.defaultSelected; });
      return Array.prototype.some.call(field.options, function (o, i) {
        return o.selected !== (marked ? o.defaultSelected : !field.multiple && i === 0);
      });
    }
    return field.value !== field.defaultValue;
  }

  function keep() {
    var forms = formsToKeep().map(function (form) {
      var whole = posted(form);  // every field, a box left unticked too: the page after the switch shows what is saved
      var fields = Array.prototype.filter.call(form.elements, function (field) {
        return keepable(field) && (whole || changed(field));
      }).map(function (field) {
        var choice = field.type === "checkbox" || field.type === "radio";
        return {name: field.name, value: field.value, checked: choice ? field.checked : null};
      });
      return {action: address(form.action), whole: whole, fields: fields};
    }).filter(function (form) { return form.fields.length > 0; });
    if (!forms.length) { storage.removeItem(KEY); return; }
    try {
      storage.setItem(KEY, JSON.stringify({path: location.pathname + location.search, at: Date.now(), forms: forms}));
    } catch (e) { /* full or refused: the switch goes on, as without this script */ }
  }

  function restore() {
    var kept;
    try { kept = JSON.parse(storage.getItem(KEY) || "null"); } catch (e) { kept = null; }
    storage.removeItem(KEY);
    if (!kept || !kept.forms || Date.now() - kept.at > MAX_AGE_MS) { return; }
    // Another address: only a posted form goes back, into the form with the same action (see the top)
    var samePage = kept.path === location.pathname + location.search;
    formsToKeep().forEach(function (form) {
      var stored = kept.forms.filter(function (f) {
        return address(f.action) === address(form.action) && (samePage || f.whole);
      })[0];
      if (!stored) { return; }
      var restored = false;
      stored.fields.forEach(function (item) {
        Array.prototype.filter.call(form.elements, function (field) {
          return field.name === item.name && keepable(field);
        }).forEach(function (field) {
          if (item.checked !== null) {
            if (field.value === item.value && field.checked !== item.checked) {
              field.checked = item.checked;
              restored = true;
            }
          } else if ((!field.value || !changed(field)) && field.value !== item.value) {
            // a field as the page gave it (a list has no defaultValue: its options say what was given)
            field.value = item.value;
            restored = true;
          }
          if (item.value && field.closest("details")) { field.closest("details").open = true; }
        });
      });
      // What was put back is not saved: a form that asks before the page is left (leave-guard.js) asks for it too
      if (restored) { form.dataset.unsaved = "1"; }
    });
  }

  // A keyboard user who changed the language goes on from the language buttons, not from the top of the page
  var FOCUS_KEY = "horing.language-focus";
  function keepFocus(button, event) {
    if (event.detail !== 0) { return; }  // clicked with a pointer (Enter and Space give no click count)
    try { storage.setItem(FOCUS_KEY, JSON.stringify({lang: button.lang, at: Date.now()})); } catch (e) { /* refused */ }
  }
  function restoreFocus() {
    var kept;
    try { kept = JSON.parse(storage.getItem(FOCUS_KEY) || "null"); } catch (e) { kept = null; }
    storage.removeItem(FOCUS_KEY);
    if (!kept || Date.now() - kept.at > MAX_AGE_MS) { return; }
    var buttons = Array.prototype.filter.call(document.querySelectorAll(".language-switcher button"), function (b) {
      return b.lang === kept.lang && b.offsetParent !== null;  // the visible switcher (a phone's is in the menu)
    });
    if (buttons.length) { buttons[0].focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".language-switcher button");
    if (button) { keep(); keepFocus(button, event); }
  }, true);
  restore();
  window.addEventListener("load", restoreFocus);
})();
