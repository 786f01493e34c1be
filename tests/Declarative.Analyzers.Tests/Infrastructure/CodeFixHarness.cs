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
    /// <summary>Fixes the one diagnostic of <paramref name="diagnosticId"/> in a single-file model.</summary>
    public static void Verify(CodeFixProvider fix, string diagnosticId, string before, string after, string usings = TestCompilation.Usings)
        => Verify(fix, diagnosticId, new[] { ("Model.cs", before) }, new[] { ("Model.cs", after) }, usings);

    /// <summary>Fixes the one diagnostic of <paramref name="diagnosticId"/>; each file starts with <paramref name="usings"/>.</summary>
    public static void Verify(CodeFixProvider fix, string diagnosticId, (string Path, string Source)[] before, (string Path, string Source)[] after, string usings = TestCompilation.Usings)
    {
        using var workspace = new AdhocWorkspace();
        var (project, documents) = Create(workspace, before, usings, TestCompilation.References);
        var diagnostic = Assert.Single(Diagnostics(project, diagnosticId));
        var chosen = Assert.Single(Actions(fix, project, diagnostic));
        Check(Apply(chosen), project.Id, documents, after, usings, diagnosticId);
    }

    /// <summary>
    /// Checks that the one diagnostic of <paramref name="diagnosticId"/> in a single-file model is reported but gets no
    /// fix, against <paramref name="references"/> (the usual ones when null).
    /// </summary>
    public static void VerifyNoFix(CodeFixProvider fix, string diagnosticId, string source, ImmutableArray<MetadataReference>? references = null)
    {
        using var workspace = new AdhocWorkspace();
        var (project, _) = Create(workspace, new[] { ("Model.cs", source) }, TestCompilation.Usings, references ?? TestCompilation.References);
        var diagnostic = Assert.Single(Diagnostics(project, diagnosticId));
        Assert.Empty(Actions(fix, project, diagnostic));
    }

    /// <summary>
    /// Applies the provider's Fix All to every diagnostic of <paramref name="diagnosticId"/> in a single-file model, with
    /// the equivalence key of the fix offered for the first one (as <c>dotnet format</c> does).
    /// </summary>
    public static void VerifyFixAll(CodeFixProvider fix, string diagnosticId, string before, string after, string usings = TestCompilation.Usings)
    {
        using var workspace = new AdhocWorkspace();
        var (project, documents) = Create(workspace, new[] { ("Model.cs", before) }, usings, TestCompilation.References);
        var diagnostics = Diagnostics(project, diagnosticId);
        Assert.True(diagnostics.Length > 1, $"Fix All needs several {diagnosticId} diagnostics; the source has {diagnostics.Length}.");
        var first = Assert.Single(Actions(fix, project, diagnostics[0]));
        var fixAll = fix.GetFixAllProvider();
        Assert.NotNull(fixAll);
        var document = project.GetDocument(diagnostics[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fix, FixAllScope.Document, first.EquivalenceKey, new[] { diagnosticId },
            new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = fixAll!.GetFixAsync(context).GetAwaiter().GetResult();
        Assert.NotNull(action);
        Check(Apply(action!), project.Id, documents, new[] { ("Model.cs", after) }, usings, diagnosticId);
    }

    private static (Project Project, Dictionary<string, DocumentId> Documents) Create(
        AdhocWorkspace workspace, (string Path, string Source)[] files, string usings, ImmutableArray<MetadataReference> references)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Models", "Models", LanguageNames.CSharp,
            compilationOptions: TestCompilation.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: references));
        var documents = new Dictionary<string, DocumentId>();
        foreach (var (path, source) in files)
        {
            var id = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(id, path, SourceText.From(usings + source), filePath: path);
            documents[path] = id;
        }
        return (solution.GetProject(projectId)!, documents);
    }

    private static List<CodeAction> Actions(CodeFixProvider fix, Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions;
    }

    private static Solution Apply(CodeAction action)
        => action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single().ChangedSolution;

    private static void Check(Solution changed, ProjectId projectId, Dictionary<string, DocumentId> documents, (string Path, string Source)[] after, string usings, string diagnosticId)
    {
        foreach (var (path, expected) in after)
        {
            string text = changed.GetDocument(documents[path])!.GetTextAsync().GetAwaiter().GetResult().ToString();
            Assert.Equal((usings + expected).Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
        }
        Assert.Empty(Diagnostics(changed.GetProject(projectId)!, diagnosticId));
    }

    /// <summary>Hands Fix All the diagnostics already computed.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }

    private static ImmutableArray<Diagnostic> Diagnostics(Project project, string diagnosticId)
    {
        var compilation = project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        return AnalyzerHarness.Analyze(compilation).Where(d => d.Id == diagnosticId).ToImmutableArray();
    }
}
