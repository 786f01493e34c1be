using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix in an in-memory workspace and compares every changed file with the expected text; then checks
/// that the diagnostic it fixed is gone.
/// </summary>
public static class CodeFixHarness
{
    /// <summary>
    /// Fixes the one diagnostic of <paramref name="diagnosticId"/> in a single-file model with the fix titled
    /// <paramref name="title"/>, or with the first one offered (the one an unattended Fix All applies).
    /// </summary>
    /// <remarks>Each file starts with <paramref name="usings"/>.</remarks>
    public static void Verify(CodeFixProvider fix, string diagnosticId, string before, string after, string? title = null, string usings = TestCompilation.Usings)
        => Verify(fix, diagnosticId, new[] { ("Model.cs", before) }, new[] { ("Model.cs", after) }, title, usings);

    public static void Verify(
        CodeFixProvider fix, string diagnosticId, (string Path, string Source)[] before, (string Path, string Source)[] after,
        string? title = null, string usings = TestCompilation.Usings)
    {
        using var workspace = new AdhocWorkspace();
        var (solution, projectId, documents) = Create(workspace, before, usings);

        var diagnostic = Assert.Single(Diagnostics(solution.GetProject(projectId)!, diagnosticId));
        var offered = Offered(fix, solution, diagnostic);
        Assert.NotEmpty(offered);
        var chosen = title is null ? offered[0] : Assert.Single(offered, a => a.Title == title);

        var operations = chosen.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        AssertFixed(changed, projectId, documents, diagnosticId, after, usings);
    }

    /// <summary>
    /// Checks that the one diagnostic of <paramref name="diagnosticId"/> in a single-file model is reported but gets no
    /// fix, against <paramref name="references"/> (the usual ones when null).
    /// </summary>
    public static void VerifyNoFix(CodeFixProvider fix, string diagnosticId, string source, ImmutableArray<MetadataReference>? references = null)
    {
        using var workspace = new AdhocWorkspace();
        var (solution, projectId, _) = Create(workspace, new[] { ("Model.cs", source) }, TestCompilation.Usings, references);
        var diagnostic = Assert.Single(Diagnostics(solution.GetProject(projectId)!, diagnosticId));
        Assert.Empty(Offered(fix, solution, diagnostic));
    }

    /// <summary>The titles of the fixes offered for the one diagnostic of <paramref name="diagnosticId"/>, in order.</summary>
    public static IReadOnlyList<string> Titles(CodeFixProvider fix, string diagnosticId, string source)
    {
        using var workspace = new AdhocWorkspace();
        var (solution, projectId, _) = Create(workspace, new[] { ("Model.cs", source) }, TestCompilation.Usings);
        var diagnostic = Assert.Single(Diagnostics(solution.GetProject(projectId)!, diagnosticId));
        return Offered(fix, solution, diagnostic).Select(a => a.Title).ToList();
    }

    /// <summary>
    /// Fix All in the solution, as <c>dotnet format</c> runs it: the provider's Fix All provider, the equivalence key
    /// of the first fix offered for the first diagnostic (or, with <paramref name="withoutKey"/>, none: what dotnet
    /// format passes when that diagnostic is of another ID), and every diagnostic of the ID in the solution.
    /// </summary>
    public static void VerifyFixAll(
        CodeFixProvider fix, string diagnosticId, (string Path, string Source)[] before, (string Path, string Source)[] after,
        bool withoutKey = false, string usings = TestCompilation.Usings)
    {
        using var workspace = new AdhocWorkspace();
        var (solution, projectId, documents) = Create(workspace, before, usings);
        var project = solution.GetProject(projectId)!;
        var diagnostics = Diagnostics(project, diagnosticId);
        Assert.True(diagnostics.Length >= 2, "Fix All needs two diagnostics or more: " + string.Join("\n", diagnostics));

        string? key = withoutKey ? null : Offered(fix, solution, diagnostics[0])[0].EquivalenceKey;
        var provider = fix.GetFixAllProvider()!;
        Assert.Contains(FixAllScope.Solution, provider.GetSupportedFixAllScopes());
        var context = new FixAllContext(solution.GetDocument(diagnostics[0].Location.SourceTree)!, fix, FixAllScope.Solution, key!,
            new[] { diagnosticId }, new FixedDiagnostics(project, diagnostics), CancellationToken.None);
        var action = provider.GetFixAsync(context).GetAwaiter().GetResult()!;
        var operations = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        AssertFixed(changed, projectId, documents, diagnosticId, after, usings);
    }

    /// <summary>Fix All over a single-file model; the file starts with <paramref name="usings"/>.</summary>
    public static void VerifyFixAll(CodeFixProvider fix, string diagnosticId, string before, string after, string usings = TestCompilation.Usings)
        => VerifyFixAll(fix, diagnosticId, new[] { ("Model.cs", before) }, new[] { ("Model.cs", after) }, usings: usings);

    /// <summary>
    /// Applies, to a source that need not compile, every fix each provider offers for each of its diagnostics, and
    /// each provider's Fix All without a key; returns what threw instead of asserting, so a corpus can be checked,
    /// and how many fixes ran.
    /// </summary>
    public static (List<string> Problems, int Applied) ApplyEverything(IReadOnlyList<CodeFixProvider> providers, string source)
    {
        var problems = new List<string>();
        int applied = 0;
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Models", "Models", LanguageNames.CSharp,
                compilationOptions: TestCompilation.Options, parseOptions: TestCompilation.ParseOptions, metadataReferences: TestCompilation.References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Model.cs", SourceText.From(source), filePath: "Model.cs");
        var project = solution.GetProject(projectId)!;
        var diagnostics = AnalyzerHarness.Analyze(project.GetCompilationAsync().GetAwaiter().GetResult()!);

        foreach (var provider in providers)
        {
            var fixable = diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).ToImmutableArray();
            try
            {
                foreach (var diagnostic in fixable)
                {
                    foreach (var action in Offered(provider, solution, diagnostic))
                    {
                        action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
                        applied++;
                    }
                }
                foreach (var id in fixable.Select(d => d.Id).Distinct())
                {
                    var first = fixable.First(d => d.Id == id);
                    var context = new FixAllContext(solution.GetDocument(first.Location.SourceTree)!, provider, FixAllScope.Solution, null!,
                        new[] { id }, new FixedDiagnostics(project, fixable), CancellationToken.None);
                    provider.GetFixAllProvider()!.GetFixAsync(context).GetAwaiter().GetResult()?.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
                }
            }
            catch (Exception e)
            {
                problems.Add($"{provider.GetType().Name} threw {e}");
            }
        }
        return (problems, applied);
    }

    private static (Solution Solution, ProjectId ProjectId, Dictionary<string, DocumentId> Documents) Create(
        AdhocWorkspace workspace, (string Path, string Source)[] sources, string usings, ImmutableArray<MetadataReference>? references = null)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Models", "Models", LanguageNames.CSharp,
            compilationOptions: TestCompilation.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: references ?? TestCompilation.References));
        var documents = new Dictionary<string, DocumentId>();
        foreach (var (path, source) in sources)
        {
            var id = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(id, path, SourceText.From(usings + source), filePath: path);
            documents[path] = id;
        }
        return (solution, projectId, documents);
    }

    private static List<CodeAction> Offered(CodeFixProvider fix, Solution solution, Diagnostic diagnostic)
    {
        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions;
    }

    private static void AssertFixed(
        Solution changed, ProjectId projectId, Dictionary<string, DocumentId> documents, string diagnosticId, (string Path, string Source)[] after, string usings)
    {
        foreach (var (path, expected) in after)
        {
            string text = changed.GetDocument(documents[path])!.GetTextAsync().GetAwaiter().GetResult().ToString();
            Assert.Equal((usings + expected).Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
        }
        Assert.Empty(Diagnostics(changed.GetProject(projectId)!, diagnosticId));
    }

    /// <summary>The diagnostics found before the fix, as dotnet format hands them to Fix All.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly Project _project;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(Project project, ImmutableArray<Diagnostic> diagnostics)
        {
            _project = project;
            _diagnostics = diagnostics;
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(project.Id == _project.Id ? _diagnostics.AsEnumerable() : Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }

    private static ImmutableArray<Diagnostic> Diagnostics(Project project, string diagnosticId)
    {
        var compilation = project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        return AnalyzerHarness.Analyze(compilation).Where(d => d.Id == diagnosticId).ToImmutableArray();
    }
}
