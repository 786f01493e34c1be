using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Gallery;
using Spectre.Console;

// dotnet run --project samples/Gallery [-- <name>... [--quick] [--out <folder>]]
// With no name, runs every system of the gallery, then prints a summary table and writes PNG charts.
// The gallery's models are small: splitting an operation across threads gains little, and on shared cores the
// waiting threads spin. Measured here while other jobs ran: the siamese system took 56 s on two threads, 2.3 s on one.
TorchSharp.torch.set_num_threads(1);

bool quick = args.Contains("--quick");
int outIndex = Array.IndexOf(args, "--out");
string folder = Path.GetFullPath(outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : "gallery-output");
var requested = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (outIndex < 0 || i != outIndex + 1)).ToList();

var unknown = requested.Where(name => !SampleCatalog.Names.Contains(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown system: {string.Join(", ", unknown)}. Known: {string.Join(", ", SampleCatalog.Names)}.");
    return 2;
}

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
    console.Profile.Width = 200; // a log file has room for the summary table; 80 columns would fold every cell
var names = requested.Count > 0 ? requested : SampleCatalog.Names.ToList();
var outcomes = new List<SampleOutcome>();
var notBuilt = new List<string>();

foreach (var name in names)
{
    var sample = SampleCatalog.Find(name);
    if (sample is null)
    {
        notBuilt.Add(name);
        continue;
    }
    console.MarkupLineInterpolated($"[bold]{sample.System}[/]: {sample.Mechanism}");
    outcomes.Add(GalleryRun.Run(sample, quick, console));
}

if (outcomes.Count > 0)
{
    console.Write(SummaryTable.Build(outcomes));
    var files = Plots.Write(outcomes, folder);
    console.WriteLine($"Charts written to {folder}: {string.Join(", ", files.Select(Path.GetFileName))}");
    console.WriteLine($"Total time {TimeSpan.FromTicks(outcomes.Sum(o => o.Elapsed.Ticks)).TotalSeconds:0.0} s.");
}
if (notBuilt.Count > 0)
    console.WriteLine($"Not built yet: {string.Join(", ", notBuilt)}.");

return outcomes.All(o => o.Holds) ? 0 : 1;
