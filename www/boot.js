// Until main.js takes over, report script and stylesheet load failures instead of a blank page.
// A classic script (not a module), so it runs even when a module fails to load.
window.addEventListener('error', function (event) {
  if (window.rethinkDebug) return;
  var box = document.getElementById('error');
  if (!box) return;
  var target = event.target || {};
  var line = document.createElement('p');
  line.textContent = target.src || target.href
    ? 'Could not load ' + (target.src || target.href) + ' (or a module it imports); is the server running from the repository root?'
    : 'The page script failed: ' + (event.message || 'unknown error');
  box.appendChild(line);
  box.hidden = false;
}, true);
