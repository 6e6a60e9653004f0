// archive serve: progressive only; every page works without this file.
// "/" focuses the search box, as on many search sites.
document.addEventListener("keydown", function (e) {
  var box = document.getElementById("q");
  if (e.key === "/" && box && document.activeElement !== box && !e.ctrlKey && !e.metaKey && !e.altKey) {
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT") {
      e.preventDefault();
      box.focus();
      box.select();
    }
  }
});
