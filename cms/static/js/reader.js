/* Reader tools of the portal theme, without any third-party script.
   Loaded synchronously in <head>: the stored 长者模式 choice is applied to
   <html> before the page is painted, so pages open in it without a flash.
   The buttons are wired once the document is parsed; they stay hidden where
   scripts do not run, as they would do nothing there. */
(function () {
    "use strict";
    var ELDER_KEY = "govcluster.elderMode";
    var FONT_KEY = "govcluster.articleFontSize";
    var root = document.documentElement;

    function load(key) {
        try { return window.localStorage.getItem(key); } catch (error) { return null; }
    }
    function save(key, value) {
        try {
            if (value === null) { window.localStorage.removeItem(key); }
            else { window.localStorage.setItem(key, value); }
        } catch (error) { /* storage refused (private window): not remembered */ }
    }

    if (load(ELDER_KEY) === "1") { root.classList.add("elder-mode"); }

    function wireElderMode(button) {
        button.setAttribute("aria-pressed", String(root.classList.contains("elder-mode")));
        button.addEventListener("click", function () {
            var on = !root.classList.contains("elder-mode");
            root.classList.toggle("elder-mode", on);
            save(ELDER_KEY, on ? "1" : null);
            button.setAttribute("aria-pressed", String(on));
        });
    }

    function wireFontSize(buttons, target) {
        function show(size) {
            target.setAttribute("data-font-size", size);
            buttons.forEach(function (button) {
                button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size-choice") === size));
            });
        }
        show(load(FONT_KEY) || "medium");
        buttons.forEach(function (button) {
            button.addEventListener("click", function () {
                var size = button.getAttribute("data-font-size-choice");
                save(FONT_KEY, size === "medium" ? null : size);
                show(size);
            });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-elder-mode-toggle]").forEach(wireElderMode);
        var target = document.querySelector("[data-font-size-target]");
        var sizeButtons = Array.prototype.slice.call(document.querySelectorAll("[data-font-size-choice]"));
        if (target && sizeButtons.length) { wireFontSize(sizeButtons, target); }
        document.querySelectorAll("[data-print]").forEach(function (button) {
            button.addEventListener("click", function () { window.print(); });
        });
        document.querySelectorAll("[data-needs-script]").forEach(function (element) {
            element.hidden = false;
        });
    });
}());
