using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Gallery;

// dotnet run --project samples/Gallery [-- <name>... [--quick]]
// With no name, runs every system of the gallery; --quick trains each for a few steps.
bool quick = args.Contains("--quick");
var requested = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();

var unknown = requested.Where(name => !SampleCatalog.Names.Contains(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown system: {string.Join(", ", unknown)}. Known: {string.Join(", ", SampleCatalog.Names)}.");
    return 2;
}

var names = requested.Count > 0 ? requested : SampleCatalog.Names.ToList();
var context = new SampleContext(quick, Console.Out);
var notBuilt = new List<string>();
int failed = 0;

foreach (var name in names)
{
    var sample = SampleCatalog.Find(name);
    if (sample is null)
    {
        notBuilt.Add(name);
        continue;
    }

    Console.WriteLine($"== {sample.System}: {sample.Mechanism}");
    var report = sample.Run(context);
    Console.WriteLine($"   parameters {report.UniqueParameters:N0} (without sharing {report.ParametersWithoutSharing:N0}), final loss {report.FinalLoss:G4}");
    Console.WriteLine($"   {report.Property}: {(report.Holds ? "holds" : "DOES NOT HOLD")}");
    Console.WriteLine();
    if (!report.Holds) failed++;
}

if (notBuilt.Count > 0)
    Console.WriteLine($"Not built yet: {string.Join(", ", notBuilt)}.");

return failed == 0 ? 0 : 1;
