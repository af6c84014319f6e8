// Rich-text editing for every <textarea class="rich-text">. The documents tool brings the
// editor itself (from npm, into static/vendor); until it is there, textareas stay plain.
