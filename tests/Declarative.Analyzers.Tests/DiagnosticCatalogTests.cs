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
    public void Every_diagnostic_is_in_the_release_tracking_file_with_its_severity()
    {
        string unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Analyzers", "Declarative.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", unshipped);
    }

    [Fact]
    public void Every_diagnostic_is_reported_by_an_analyzer()
    {
        var supported = Infrastructure.AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(Descriptors, d => Assert.Contains(d.Id, supported));
    }
}
