using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;

namespace Declarative.Analyzers.Tests.RealWorld;

/// <summary>A mistake planted on one line: the text <see cref="From"/> replaced by <see cref="To"/>.</summary>
public sealed record Plant(string Name, int Line, string From, string To);

/// <summary>Where a planted mistake must be reported: its diagnostic ID at this line (1-based).</summary>
public sealed record Expectation(string Name, string Id, int Line);

/// <summary>
/// One model file of the real-world corpus (RealWorld/Models), written in the styles of public TorchSharp code and
/// annotated correctly. Comments starting with <c>//!</c> plant mistakes:
/// <c>//! plant NAME: FROM => TO</c> replaces FROM (once on that line) by TO, and
/// <c>//! expect NAME DECL001</c> says on which line that mistake must be reported.
/// </summary>
public sealed class CorpusModel
{
    private const string Marker = "//!";

    private CorpusModel(string name, string source, IReadOnlyList<Plant> plants, IReadOnlyList<Expectation> expectations)
    {
        Name = name;
        Source = source;
        Plants = plants;
        Expectations = expectations;
    }

    public string Name { get; }

    /// <summary>The correct model.</summary>
    public string Source { get; }

    public IReadOnlyList<Plant> Plants { get; }

    public IReadOnlyList<Expectation> Expectations { get; }

    public override string ToString() => Name;

    /// <summary>The source with one mistake planted.</summary>
    public string Planted(Plant plant)
    {
        var lines = Source.Split('\n');
        string line = lines[plant.Line - 1];
        string code = line.Substring(0, line.IndexOf(Marker, StringComparison.Ordinal));
        int at = code.IndexOf(plant.From, StringComparison.Ordinal);
        if (at < 0 || code.IndexOf(plant.From, at + 1, StringComparison.Ordinal) >= 0)
            throw new FormatException($"{Name}:{plant.Line}: '{plant.From}' must occur exactly once in the line's code.");
        lines[plant.Line - 1] = code.Substring(0, at) + plant.To + code.Substring(at + plant.From.Length);
        return string.Join("\n", lines);
    }

    /// <summary>Where the planted mistake must be reported.</summary>
    public IEnumerable<(string Id, int Line)> Expected(Plant plant)
        => Expectations.Where(e => e.Name == plant.Name).Select(e => (e.Id, e.Line));

    public static IReadOnlyList<CorpusModel> All { get; } = Load();

    private static IReadOnlyList<CorpusModel> Load()
    {
        string folder = Path.Combine(Repository.Root, "tests", "Declarative.Analyzers.Tests", "RealWorld", "Models");
        return Directory.EnumerateFiles(folder, "*.cs")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path).Replace("\r\n", "\n")))
            .ToList();
    }

    private static CorpusModel Parse(string name, string source)
    {
        var plants = new List<Plant>();
        var expectations = new List<Expectation>();
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int marker = lines[i].IndexOf(Marker, StringComparison.Ordinal);
            if (marker < 0) continue;
            foreach (var clause in lines[i].Substring(marker + Marker.Length).Split(';').Select(c => c.Trim()))
            {
                if (clause.StartsWith("plant ", StringComparison.Ordinal))
                {
                    int colon = clause.IndexOf(':');
                    int arrow = clause.IndexOf(" => ", StringComparison.Ordinal);
                    if (colon < 0 || arrow < colon) throw new FormatException($"{name}:{i + 1}: plant NAME: FROM => TO");
                    plants.Add(new Plant(clause.Substring(6, colon - 6).Trim(), i + 1, clause.Substring(colon + 1, arrow - colon - 1).Trim(), clause.Substring(arrow + 4).Trim()));
                }
                else if (clause.StartsWith("expect ", StringComparison.Ordinal))
                {
                    var parts = clause.Substring(7).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2) throw new FormatException($"{name}:{i + 1}: expect NAME DECL001");
                    expectations.Add(new Expectation(parts[0], parts[1], i + 1));
                }
                else
                {
                    throw new FormatException($"{name}:{i + 1}: unknown clause '{clause}'");
                }
            }
        }
        foreach (var plant in plants)
        {
            if (!expectations.Any(e => e.Name == plant.Name)) throw new FormatException($"{name}: plant '{plant.Name}' has no expect.");
        }
        return new CorpusModel(name, source, plants, expectations);
    }
}
