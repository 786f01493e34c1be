using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>A diagnostic a test expects: its ID, where (a span name), its exact message, and its additional locations.</summary>
public sealed record Expected(string Id, string Span, string Message, params string[] Additional);

/// <summary>
/// Compiles marked-up model sources, runs the generator and then every Declarative analyzer, and checks that exactly
/// the expected diagnostics are reported: same ID, same span, same message, same additional locations.
/// </summary>
public static class AnalyzerHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelDeclarationAnalyzer(),
        new AttributeUsageAnalyzer(),
        new SharedShapeAnalyzer(),
        new TiedShapeAnalyzer(),
        new ReassignmentAnalyzer(),
        new CrossModelTyingAnalyzer(),
        new ActivationTyingAnalyzer(),
        new ShapeHintAnalyzer(),
        new PyBridgeCheckpointAnalyzer());

    public static Expected Diagnostic(string id, string span, string message, params string[] additional) => new(id, span, message, additional);

    /// <summary>Checks one source (the usings are added in front of it).</summary>
    public static void Verify(string markedSource, params Expected[] expected) => Verify(new[] { ("Model.cs", markedSource) }, expected);

    /// <summary>Checks a model split over several files.</summary>
    public static void Verify((string Path, string MarkedSource)[] files, params Expected[] expected)
        => Verify(files, ImmutableArray<MetadataReference>.Empty, expected);

    /// <summary>Checks one source compiled against more references, such as a model library's.</summary>
    public static void Verify(ImmutableArray<MetadataReference> references, string markedSource, params Expected[] expected)
        => Verify(new[] { ("Model.cs", markedSource) }, references, expected);

    /// <summary>Checks one source compiled against another build of Declarative's runtime, such as an older one.</summary>
    public static void VerifyAgainstRuntime(MetadataReference runtime, string markedSource, params Expected[] expected)
        => Verify(new[] { ("Model.cs", markedSource) }, ImmutableArray<MetadataReference>.Empty, expected, runtime);

    private static void Verify((string Path, string MarkedSource)[] files, ImmutableArray<MetadataReference> references, Expected[] expected, MetadataReference? runtime = null)
    {
        var parsed = files.Select(f => (f.Path, Markup: Markup.Parse(TestCompilation.Usings + f.MarkedSource))).ToList();
        var spans = new Dictionary<string, (string Path, TextSpan Span, string Text)>(StringComparer.Ordinal);
        foreach (var (path, markup) in parsed)
            foreach (var (name, span) in markup.Spans)
                spans.Add(name, (path, span, markup.Text.Substring(span.Start, span.Length)));

        var diagnostics = Run(references, parsed.Select(p => (p.Path, p.Markup.Text)).ToArray(), runtime);
        var actual = diagnostics.Select(Describe).OrderBy(d => d, StringComparer.Ordinal).ToList();
        var wanted = expected.Select(e => Describe(e, spans)).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (!actual.SequenceEqual(wanted))
        {
            throw new XunitException(
                "Diagnostics differ.\nExpected:\n" + string.Join("\n", wanted.Select(w => "  " + w)) +
                "\nActual:\n" + string.Join("\n", actual.Select(a => "  " + a)));
        }
    }

    /// <summary>
    /// The Declarative diagnostics of the sources after the generator ran. Fails on compiler errors (tests model
    /// real code) and on analyzer exceptions (AD0001).
    /// </summary>
    public static ImmutableArray<Diagnostic> Run(params (string Path, string Source)[] files)
        => Run(ImmutableArray<MetadataReference>.Empty, files);

    private static ImmutableArray<Diagnostic> Run(ImmutableArray<MetadataReference> references, (string Path, string Source)[] files, MetadataReference? runtime = null)
    {
        var compilation = TestCompilation.Create(files).AddReferences(references);
        if (runtime is not null) compilation = compilation.ReplaceReference(TestCompilation.Runtime, runtime);
        var (_, output) = TestCompilation.Generate(compilation);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));
        return Analyze(output);
    }

    /// <summary>The diagnostics of every Declarative analyzer; fails on an analyzer exception (AD0001).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var crashes = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(crashes.Count == 0, "An analyzer threw:\n" + string.Join("\n", crashes));
        return diagnostics;
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var text = new StringBuilder();
        text.Append(diagnostic.Id).Append(' ').Append(Where(diagnostic.Location))
            .Append(" \"").Append(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Append('"');
        foreach (var additional in diagnostic.AdditionalLocations)
            text.Append(" +").Append(Where(additional));
        return text.ToString();
    }

    private static string Describe(Expected expected, Dictionary<string, (string Path, TextSpan Span, string Text)> spans)
    {
        var text = new StringBuilder();
        text.Append(expected.Id).Append(' ').Append(Where(spans, expected.Span))
            .Append(" \"").Append(expected.Message).Append('"');
        foreach (var additional in expected.Additional)
            text.Append(" +").Append(Where(spans, additional));
        return text.ToString();
    }

    private static string Where(Location location)
        => $"{location.SourceTree?.FilePath}@{location.SourceSpan.Start}..{location.SourceSpan.End} `{location.SourceTree?.GetText().ToString(location.SourceSpan)}`";

    private static string Where(Dictionary<string, (string Path, TextSpan Span, string Text)> spans, string name)
    {
        if (!spans.TryGetValue(name, out var marked)) throw new ArgumentException($"No span named '{name}' in the source.");
        return $"{marked.Path}@{marked.Span.Start}..{marked.Span.End} `{marked.Text}`";
    }
}
