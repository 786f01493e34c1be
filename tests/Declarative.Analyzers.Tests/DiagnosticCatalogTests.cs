using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>Every diagnostic has one ID, a docs page its help link points to, a release-tracking entry and an analyzer.</summary>
public class DiagnosticCatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    private static string RepositoryRoot() => Infrastructure.Repository.Root;

    [Fact]
    public void Ids_are_unique_and_numbered_in_order()
    {
        var ids = Descriptors.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"DECL{i:000}"), ids.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_diagnostic_has_a_docs_page_that_its_help_link_names()
    {
        foreach (var descriptor in Descriptors)
        {
            string page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"No page for {descriptor.Id}");
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}", File.ReadAllText(page));
            Assert.EndsWith($"/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void Release_tracking_lists_exactly_the_diagnostics_with_their_category_and_severity()
    {
        string folder = Path.Combine(RepositoryRoot(), "src", "Analyzers", "Declarative.Analyzers");
        var active = Infrastructure.ReleaseTracking.Active(
            File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Shipped.md")),
            File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")));

        Assert.Equal(Descriptors.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal), active.Keys.OrderBy(i => i, StringComparer.Ordinal));
        foreach (var descriptor in Descriptors)
            Assert.Equal(new Infrastructure.ReleaseTracking.Rule(descriptor.Id, descriptor.Category, descriptor.DefaultSeverity.ToString()), active[descriptor.Id]);
    }

    [Fact]
    public void Release_tracking_reads_rules_shipped_in_earlier_releases_then_changed_or_removed()
    {
        const string shipped = """
            ; Shipped analyzer releases

            ## Release 0.1.0

            ### New Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            DECL001 | Declarative | Error | Shared members differ in shape
            DECL002 | Declarative | Warning | Tied members differ in shape
            DECL003 | Declarative | Error | A transposed member is not the owner's transpose

            ## Release 0.2.0

            ### Changed Rules

            Rule ID | New Category | New Severity | Old Category | Old Severity | Notes
            --------|--------------|--------------|--------------|--------------|-------
            DECL002 | Declarative | Error | Declarative | Warning | Tied members differ in shape
            """;
        const string unshipped = """
            ; Unshipped analyzer release

            ### New Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            DECL004 | Declarative | Warning | Shared or tied members differ in dtype

            ### Removed Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            DECL003 | Declarative | Error | A transposed member is not the owner's transpose
            """;

        var active = Infrastructure.ReleaseTracking.Active(shipped, unshipped);

        Assert.Equal(new[] { "DECL001", "DECL002", "DECL004" }, active.Keys.OrderBy(i => i, StringComparer.Ordinal));
        Assert.Equal("Error", active["DECL002"].Severity);
        Assert.Equal("Warning", active["DECL004"].Severity);
    }

    [Fact]
    public void Every_diagnostic_is_reported_by_an_analyzer()
    {
        var supported = Infrastructure.AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(Descriptors, d => Assert.Contains(d.Id, supported));
    }
}
