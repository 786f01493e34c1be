using System.Collections.Generic;
using System.Globalization;
using Spectre.Console;

namespace Declarative.Gallery;

/// <summary>The gallery's closing table: one row per system, with what sharing saved and what was checked.</summary>
public static class SummaryTable
{
    public static Table Build(IReadOnlyList<SampleOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("System")
            .AddColumn("Mechanism")
            .AddColumn(new TableColumn("Unique parameters").RightAligned())
            .AddColumn(new TableColumn("Without sharing").RightAligned())
            .AddColumn(new TableColumn("Memory saved").RightAligned())
            .AddColumn(new TableColumn("Final loss").RightAligned())
            .AddColumn("Property checked");

        foreach (var outcome in outcomes)
        {
            var sample = outcome.Sample;
            if (outcome.Report is not { } report)
            {
                table.AddRow(Cell(sample.System), Cell(sample.Mechanism), "-", "-", "-", "-", $"[red]failed: {Markup.Escape(outcome.Failure?.Message ?? "")}[/]");
                continue;
            }
            string verdict = report.Holds ? "[green]holds[/]" : "[red]does not hold[/]";
            table.AddRow(
                Cell(sample.System),
                Cell(sample.Mechanism),
                report.UniqueParameters.ToString("N0", CultureInfo.InvariantCulture),
                report.ParametersWithoutSharing.ToString("N0", CultureInfo.InvariantCulture),
                Bytes((report.ParametersWithoutSharing - report.UniqueParameters) * sizeof(float)),
                report.FinalLoss.ToString("G4", CultureInfo.InvariantCulture),
                $"{Markup.Escape(report.Property)}: {verdict}");
        }
        return table;
    }

    /// <summary>Float32 bytes as a reader wants them: <c>147.2 MB</c>.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = { "B", "KB", "MB", "GB" };
        double value = bytes;
        int unit = 0;
        while (System.Math.Abs(value) >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static string Cell(string text) => Markup.Escape(text);
}
