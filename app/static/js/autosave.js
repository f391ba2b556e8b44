// Autosave for the response form: saves a few seconds after the last keystroke, and at once when the
// page is hidden or left (a link, a closed tab: sendBeacon, which the browser sends even as the page
// goes). The language and attachment buttons send the form itself, so the server saves first.
// A leave prompt appears only while there are changes that could not be sent.
// Without JavaScript the "Lagre utkast" button does the same.
(function () {
  "use strict";
  // A button that acted on one part of the page (an upload, a request for more time) comes back to that
  // part (#vedlegg, #frist): its confirmation is put there, and focused, instead of at the top out of view
  (function () {
    var flashes = document.querySelector("main .flashes"), target = window.location.hash.length > 1 &&
      document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!flashes || !target || target.contains(flashes)) { return; }
    var heading = target.querySelector("legend, h2, h3");
    if (heading && heading.parentNode === target) { heading.insertAdjacentElement("afterend", flashes); }
    else { target.insertBefore(flashes, target.firstChild); }
    flashes.setAttribute("tabindex", "-1");
    // once the page has loaded: the browser's own move to the #part would take the focus back
    window.addEventListener("load", function () { target.scrollIntoView(); flashes.focus({preventScroll: true}); });
  })();
  var form = document.getElementById("response-form");
  if (!form) { return; }
  // The part of the form last worked in (a question, the decision, the attachments) goes with every post
  // of it: «Lagre utkast» then comes back to that part (as above), not to the top of a long form
  var place = "";
  form.addEventListener("focusin", function (event) {
    var part = event.target.closest("[data-place]");
    if (part && part.id) { place = part.id; }
  });
  form.addEventListener("formdata", function (event) { if (place) { event.formData.set("_place", place); } });
  if (!form.dataset.autosaveUrl || !window.fetch || !window.FormData) { askBeforeLeaving(form); return; }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null, saving = false, dirty = false, stopped = false, submitting = false, inflight = null;
  // Typed since the last save the server confirmed (or since a beacon took it along); a page shown again
  // after a button was refused holds what was typed and not saved
  var unsaved = form.dataset.unsaved === "1";

  function show(text) { if (status) { status.textContent = text; } }

  // What each field held when the page was loaded or last saved, and which fields were typed in since:
  // sent with every post of the form (the "formdata" event: autosave, beacon and the buttons alike), so
  // that a post from a page that is out of date is merged field by field on the server instead of
  // overwriting text saved elsewhere (in another tab, or by a colleague) in fields not typed in here.
  // What a post may carry of `_base-` values: past it none are sent (a form at its caps, every field typed
  // in while saves failed), so the post stays within the form's cap, and a stale save then asks the user
  var BASES_MAX = 500000;
  var base = {}, touched = {}, sending = {};
  function fieldNames() {
    var names = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      if (field.name && ["hidden", "file", "submit", "button", "reset", "image"].indexOf(type) < 0) { names[field.name] = true; }
    });
    return Object.keys(names);
  }
  function valueOf(name) {
    var item = form.elements.namedItem(name);
    return item && item.value !== undefined && item.value !== null ? String(item.value) : "";
  }
  fieldNames().forEach(function (name) { base[name] = valueOf(name); });
  form.addEventListener("formdata", function (event) {
    var names = Object.keys(touched);
    var size = names.reduce(function (sum, name) { return sum + (base[name] || "").length; }, 0);
    names.forEach(function (name) {
      event.formData.append("_touched", name);
      if (size <= BASES_MAX) { event.formData.append("_base-" + name, base[name] || ""); }
      sending[name] = valueOf(name);
    });
  });
  function markTouched(event) { if (event.target && event.target.name) { touched[event.target.name] = true; } }
  form.addEventListener("input", markTouched);
  form.addEventListener("change", markTouched);
  // A save the server took: what was sent is now what is saved; the fields saved elsewhere are put in
  function saved(taken) {
    Object.keys(sending).forEach(function (name) {
      base[name] = sending[name];
      if (valueOf(name) === sending[name]) { delete touched[name]; }
    });
    sending = {};
    Object.keys(taken || {}).forEach(function (name) {
      if (touched[name]) { return; }  // typed in meanwhile: the next save compares it with what is saved
      var item = form.elements.namedItem(name);
      if (item && item.value !== undefined) { item.value = taken[name]; }
      base[name] = taken[name];
    });
  }

  function body() {
    var data = new FormData(form);
    data.delete("attachment");  // a chosen file goes with a button, never with an autosave
    return data;
  }

  // keepalive: a save started as the page goes out of sight finishes even if the page is then closed
  function save(keepalive) {
    if (saving || stopped) { dirty = true; return inflight || Promise.resolve(); }
    window.clearTimeout(timer);
    saving = true; dirty = false;
    show(form.dataset.textSaving);
    inflight = fetch(form.dataset.autosaveUrl, {method: "POST", body: body(), credentials: "same-origin", keepalive: !!keepalive,
                                     headers: {"Accept": "application/json"}})
      .then(function (response) {
        // Sent to the login page: the session ended (the server keeps nothing of this save)
        if (response.redirected || (response.headers.get("Content-Type") || "").indexOf("json") < 0) {
          return [401, {saved: false, message: form.dataset.textLoggedOut}];
        }
        return response.json().then(function (json) { return [response.status, json]; });
      })
      .then(function (result) {
        var json = result[1];
        if (json.saved) {
          if (version) { version.value = json.version; }
          saved(json.taken);
          // partial: a field over its cap kept its saved text; the page still holds what is not saved
          if (!dirty && !json.partial) { unsaved = false; }
          // a save that kept a field over its cap back says so first, not «Lagret»
          var said = json.partial && form.dataset.textPartlySaved ? form.dataset.textPartlySaved : form.dataset.textSaved;
          show(said.replace("{time}", json.saved_at) + (json.warning ? " " + json.warning : ""));
        } else {
          sending = {};
          show(json.message || form.dataset.textNotSaved);
          if (result[0] === 409) { stopped = true; }
        }
      })
      .catch(function () { show(form.dataset.textOffline); })
      .then(function () { saving = false; inflight = null; if (dirty && !stopped) { schedule(); } });
    return inflight;
  }

  // Another form on the page (asking for more time, signing out) leaves it: what is typed is saved
  // first, and only then is that form sent. A beacon sent as the page goes could reach the server
  // after the page that form leads to was made, which would then show the old text and hold a version
  // the next autosave is refused with.
  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form || other.dataset.savedFirst || !unsaved || stopped || !window.Promise) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    (inflight || Promise.resolve())
      .then(function () { return unsaved && !stopped ? save(false) : null; })
      .then(function () {
        other.dataset.savedFirst = "1";
        if (other.requestSubmit) { other.requestSubmit(submitter && submitter.form === other ? submitter : undefined); }
        else { other.submit(); }
      });
  });

  function schedule() {
    unsaved = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 3000);
  }

  // The page is being left (a link, a reload, a closed tab): hand what is typed to the browser, which
  // sends it even as the page goes. Refused (over the browser's 64 kB) or with a save under way, the
  // changes stay unsaved and the leave prompt asks.
  function flushLeaving() {
    if (!unsaved || stopped || submitting || saving || !navigator.sendBeacon) { return; }
    window.clearTimeout(timer);
    if (navigator.sendBeacon(form.dataset.autosaveUrl, body())) {
      unsaved = overLimit();  // a text over its cap is not saved by the beacon either: the prompt still asks
      stopped = true;  // the version this page holds is spent: any later save would be refused as stale
    }
  }

  function overLimit() {
    return Array.prototype.some.call(form.querySelectorAll("textarea[data-max-chars]"), function (field) {
      return field.value.length > parseInt(field.dataset.maxChars, 10);
    });
  }

  // A text over its limit is not cut off (a pasted resolution would lose its end without a word): the
  // field says how long it is, and the server refuses it until it is shorter
  function checkLength(field) {
    var max = parseInt(field.dataset.maxChars, 10), note = document.getElementById(field.id + "-length");
    var over = field.value.length > max, server = document.getElementById(field.id + "-error");
    // The server's message on a refused page says the same as this one, without the count: one message
    if (over && server && server.parentNode) { server.parentNode.removeChild(server); }
    if (over && !note) {
      note = document.createElement("p");
      note.id = field.id + "-length";
      note.className = "ds-validation-message error-message";
      note.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", note);
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && document.getElementById(id);
      });
      field.setAttribute("aria-describedby", described.concat([note.id]).join(" "));
    }
    if (note) {
      note.textContent = over ? form.dataset.textTooLong.replace("{count}", field.value.length.toLocaleString("nb"))
        .replace("{max}", max.toLocaleString("nb")) : "";
    }
  }
  form.querySelectorAll("textarea[data-max-chars]").forEach(checkLength);
  form.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.maxChars) { checkLength(event.target); }
  });
  if (unsaved) { schedule(); }
  form.addEventListener("input", schedule);
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") { schedule(); }
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); stopped = true; submitting = true; });
  window.addEventListener("pagehide", flushLeaving);
  document.addEventListener("visibilitychange", function () {  // another tab or app: save now, the page may not come back
    if (document.visibilityState === "hidden" && unsaved && !submitting) { save(true); }
  });
  window.addEventListener("beforeunload", function (event) {
    flushLeaving();
    if (unsaved && !submitting) {
      event.preventDefault();
      event.returnValue = form.dataset.textLeave;
      return form.dataset.textLeave;
    }
    return undefined;
  });

  // Nothing is saved by itself (after a conflict, saving replaces what is saved now: the user decides):
  // ask before leaving a page with changes typed since it was loaded.
  function askBeforeLeaving(target) {
    var changed = false, submitting = false;
    target.addEventListener("input", function () { changed = true; });
    target.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !submitting) {
        event.preventDefault();
        event.returnValue = target.dataset.textLeave;
        return target.dataset.textLeave;
      }
      return undefined;
    });
  }
})();
