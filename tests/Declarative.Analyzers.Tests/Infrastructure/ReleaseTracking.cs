using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>
/// The rules that release tracking says are active now: every release of AnalyzerReleases.Shipped.md in order, then
/// AnalyzerReleases.Unshipped.md, each adding (New Rules), changing (Changed Rules) or removing (Removed Rules) rules,
/// in the format of Microsoft.CodeAnalysis.Analyzers' release tracking.
/// </summary>
public static class ReleaseTracking
{
    /// <summary>A rule as tracked: its ID, category and severity.</summary>
    public sealed record Rule(string Id, string Category, string Severity);

    /// <summary>The active rules by ID, after replaying <paramref name="files"/> in order (shipped first).</summary>
    public static IReadOnlyDictionary<string, Rule> Active(params string[] files)
    {
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string? section = null;
            foreach (var raw in file.Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line.Substring(4).Trim();
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith(";", StringComparison.Ordinal))
                {
                    section = null;
                    continue;
                }
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                // Table header and separator rows: "Rule ID | ..." and "-----|---".
                if (section is null || cells.Length < 3 || cells[0] == "Rule ID" || cells[0].StartsWith("-", StringComparison.Ordinal))
                    continue;

                var rule = new Rule(cells[0], cells[1], cells[2]);
                switch (section)
                {
                    case "New Rules":
                        if (!rules.TryAdd(rule.Id, rule))
                            throw new FormatException($"{rule.Id} is added twice");
                        break;
                    // Changed Rules: Rule ID | New Category | New Severity | Old Category | Old Severity | Notes.
                    case "Changed Rules":
                        if (!rules.ContainsKey(rule.Id))
                            throw new FormatException($"{rule.Id} is changed before it is added");
                        rules[rule.Id] = rule;
                        break;
                    case "Removed Rules":
                        if (!rules.Remove(rule.Id))
                            throw new FormatException($"{rule.Id} is removed before it is added");
                        break;
                    default:
                        throw new FormatException($"unknown release tracking section '{section}'");
                }
            }
        }
        return rules;
    }
}
