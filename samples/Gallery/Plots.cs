using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Declarative.Gallery;

/// <summary>Writes the gallery's charts as PNG files: the loss curves and the charts the samples ask for.</summary>
public static class Plots
{
    private const int Width = 900;
    private const int Height = 540;

    /// <summary>Writes every chart into <paramref name="folder"/> and returns the files written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<SampleOutcome> outcomes, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();

        var curves = outcomes.Where(o => o.Report is { LossCurve.Count: > 1 }).ToList();
        if (curves.Count > 0)
        {
            // Each system's loss relative to its first step, so that systems of different scales share one chart.
            var chart = new SampleChart("loss-curves.png", "Training loss of each system, relative to its first step",
                "training step", "loss / first loss",
                curves.Select(o => new ChartSeries(o.Sample.Name, Relative(o.Report!.LossCurve))).ToList());
            written.Add(Draw(chart, folder));
        }

        foreach (var chart in outcomes.Where(o => o.Report is not null).SelectMany(o => o.Report!.Charts))
            written.Add(Draw(chart, folder));
        return written;
    }

    private static IReadOnlyList<double> Relative(IReadOnlyList<double> losses)
        => losses.Select(l => losses[0] == 0 ? l : l / losses[0]).ToList();

    private static string Draw(SampleChart chart, string folder)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel);

        if (chart.Categories is null)
        {
            foreach (var series in chart.Series)
            {
                var xs = Enumerable.Range(1, series.Values.Count).Select(i => (double)i).ToArray();
                var line = plot.Add.ScatterLine(xs, series.Values.ToArray());
                line.LegendText = series.Label;
            }
        }
        else
        {
            // Grouped bars: one group per category, one bar per series.
            var palette = new ScottPlot.Palettes.Category10();
            int groups = chart.Categories.Count, perGroup = chart.Series.Count;
            for (int s = 0; s < perGroup; s++)
            {
                var bars = Enumerable.Range(0, groups).Select(g => new ScottPlot.Bar
                {
                    Position = g * (perGroup + 1) + s,
                    Value = chart.Series[s].Values[g],
                    FillColor = palette.GetColor(s),
                }).ToList();
                plot.Add.Bars(bars);
                plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = chart.Series[s].Label, FillColor = palette.GetColor(s) });
            }
            var ticks = chart.Categories.Select((c, g) => new ScottPlot.Tick(g * (perGroup + 1) + (perGroup - 1) / 2.0, c)).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Margins(bottom: 0);
        }
        // Lines start at the left edge and settle by the right one, high or low; bars grow from the bottom.
        plot.ShowLegend(chart.Categories is null ? ScottPlot.Alignment.MiddleRight : ScottPlot.Alignment.UpperLeft);

        string path = Path.Combine(folder, chart.FileName);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
