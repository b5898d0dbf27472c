// Helpers shared by the study-tool scripts (quiz.js, flashcards.js); loaded before them.
window.studyTools = {
  // Fisher-Yates: every order equally likely. Shuffles `list` in place and returns it.
  shuffle: function (list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = list[i]; list[i] = list[j]; list[j] = tmp;
    }
    return list;
  },
};
