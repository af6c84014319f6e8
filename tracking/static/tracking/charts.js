// Activity charts of the reporting pages: the data comes in a JSON script element (CSP-safe).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("canvas.js-activity-chart").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.config);
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: data.visitsLabel, data: data.visits, backgroundColor: "#0a58ca", yAxisID: "y" },
          { type: "line", label: data.hoursLabel, data: data.hours, borderColor: "#b02a37", backgroundColor: "#b02a37", yAxisID: "y1" },
        ],
      },
      options: {
        animation: false,
        scales: {
          y: { beginAtZero: true, position: "left" },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } },
        },
      },
    });
  });
});
