// Draw a bar chart per question from the counts the page carries in data attributes.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas.survey-chart").forEach(function (canvas) {
    const labels = canvas.dataset.labels ? canvas.dataset.labels.split("|") : [];
    const values = canvas.dataset.values ? canvas.dataset.values.split(",").map(Number) : [];
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{ label: canvas.dataset.series || "", data: values, backgroundColor: "rgba(13, 110, 253, 0.6)" }],
      },
      options: {
        indexAxis: labels.length > 6 ? "y" : "x",
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 }, beginAtZero: true } },
      },
    });
    canvas.dataset.drawn = "1";
  });
})();
