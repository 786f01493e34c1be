using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
    public static void Verify(CodeFixProvider fix, string diagnosticId, string before, string after)
        => Verify(fix, diagnosticId, new[] { ("Model.cs", before) }, new[] { ("Model.cs", after) });

    public static void Verify(CodeFixProvider fix, string diagnosticId, (string Path, string Source)[] before, (string Path, string Source)[] after)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Models", "Models", LanguageNames.CSharp,
            compilationOptions: TestCompilation.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        var documents = new Dictionary<string, DocumentId>();
        foreach (var (path, source) in before)
        {
            var id = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(id, path, SourceText.From(TestCompilation.Usings + source), filePath: path);
            documents[path] = id;
        }

        var diagnostic = Assert.Single(Diagnostics(solution.GetProject(projectId)!, diagnosticId));
        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        var chosen = Assert.Single(actions);

        var operations = chosen.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        foreach (var (path, expected) in after)
        {
            string text = changed.GetDocument(documents[path])!.GetTextAsync().GetAwaiter().GetResult().ToString();
            Assert.Equal((TestCompilation.Usings + expected).Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
        }
        Assert.Empty(Diagnostics(changed.GetProject(projectId)!, diagnosticId));
    }

    private static ImmutableArray<Diagnostic> Diagnostics(Project project, string diagnosticId)
    {
        var compilation = project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        return AnalyzerHarness.Analyze(compilation).Where(d => d.Id == diagnosticId).ToImmutableArray();
    }
}
