// keygate console: the only script of the console (no inline script: the Content-Security-Policy
// forbids it). Copy buttons, and the live tail of the Events page. Everything a client sent is
// put in the page as text (textContent), never as HTML.
"use strict";

function copyFrom(button) {
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.textContent;
  var done = function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { selectAndCopy(source, done); });
  } else {
    selectAndCopy(source, done);
  }
}

function selectAndCopy(element, done) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    if (document.execCommand("copy")) done();
  } catch (e) {
    // The text stays selected for the user to copy.
  }
}

var EVENT_COLUMNS = [
  ["Time (UTC)", function (e) { return e.create_date; }],
  ["Channel", function (e) { return e.channel; }],
  ["Login", function (e) { return e.login || "-"; }],
  ["Key", function (e) { return e.key_id === null ? "-" : String(e.key_id); }],
  ["Client", function (e) {
    return e.peer_address !== e.client_ip ? e.client_ip + " via " + e.peer_address : e.client_ip;
  }],
  ["User agent", function (e) { return e.user_agent; }],
  ["Outcome", function (e) { return e.outcome; }],
  ["Reason", function (e) {
    // Successes rolled up per minute: how many, and until when.
    return e.calls > 1 ? e.reason + " (" + e.calls + " calls until " +
        String(e.last_date).substring(11) + ")" : e.reason;
  }]
];

function eventRow(e) {
  var tr = document.createElement("tr");
  tr.className = (e.outcome === "success" ? "ok" : "fail") + " new";
  tr.setAttribute("data-id", String(e.id));
  EVENT_COLUMNS.forEach(function (column) {
    var td = document.createElement("td");
    td.setAttribute("data-label", column[0]);
    td.textContent = column[1](e);
    tr.appendChild(td);
  });
  return tr;
}

function startLiveTail(table) {
  var live = document.getElementById("live");
  var status = document.getElementById("live-status");
  var body = table.tBodies[0];
  var busy = false;
  var poll = function () {
    if (busy || !live || !live.checked) return;
    busy = true;
    var url = table.getAttribute("data-feed") + "&after=" +
        encodeURIComponent(table.getAttribute("data-newest") || "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (events) {
        var newest = table.getAttribute("data-newest") || "";
        for (var i = events.length - 1; i >= 0; i--) {
          var e = events[i];
          // A row of successes rolled up that took more calls is updated where it is.
          var shown = body.querySelector('tr[data-id="' + String(e.id) + '"]');
          if (shown) {
            body.replaceChild(eventRow(e), shown);
          } else {
            body.insertBefore(eventRow(e), body.firstChild);
          }
          var latest = e.last_date && e.last_date > e.create_date ? e.last_date : e.create_date;
          if (latest > newest) newest = latest;
        }
        table.setAttribute("data-newest", newest);
        if (status) status.textContent = "";
      })
      .catch(function (err) {
        if (status) status.textContent = "Live tail paused: " + err.message;
      })
      .then(function () { busy = false; });
  };
  setInterval(poll, 2000);
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy").forEach(function (b) {
    b.addEventListener("click", function () { copyFrom(b); });
  });
  var table = document.getElementById("events");
  if (table && table.getAttribute("data-feed")) startLiveTail(table);
});
