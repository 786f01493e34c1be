using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Package.Tests;

/// <summary>
/// The diagnostics in an editor other than Visual Studio: csharp-ls (a local tool of the repository, restored by this
/// project's build), started as a process that speaks LSP over stdio, with its <c>csharp.analyzersEnabled</c> setting
/// on, over the consumer of the package that has every fixable mistake.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class LanguageServerTests
{
    private const string HelpBase = "https://github.com/declarative-dotnet/declarative/blob/main/docs/diagnostics/";
    private static readonly TimeSpan Loading = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Feedback = TimeSpan.FromMinutes(1);

    /// <summary>A correct tied language model, the file that the live-feedback edits change.</summary>
    private const string Program = """
        using Declarative;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        System.Console.WriteLine(new LiveModel(12, 8).parameters().Count());

        public partial class LiveModel : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;

            public LiveModel(long vocab, long dim) : base(nameof(LiveModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
        }
        """;

    private const string Correct = "head = Linear(dim, vocab, hasBias: false);";
    private const string Mismatched = "head = Linear(vocab, dim, hasBias: false);";

    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public LanguageServerTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Csharp_ls_shows_every_DECL_diagnostic_with_its_help_link_and_follows_edits()
    {
        var files = new[] { "Mistakes.First.cs", "Mistakes.Second.cs" }.Select(f => (f, PackageFixture.ConsumerFile(f))).Append(("Program.cs", Program)).ToArray();
        _package.UseSources(files);
        // What the build reports is what the editor must show.
        var expected = DotNetFormatTests.DeclDiagnostics(_package.Build().Output);
        Assert.NotEmpty(expected);

        var settings = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };
        using var server = new LanguageServer(new[] { "dotnet", "tool", "run", "csharp-ls" }, DotNet.RepositoryRoot(), settings);
        string root = _package.ConsumerDirectory;
        server.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = LanguageServer.Uri(root),
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = LanguageServer.Uri(root), ["name"] = "consumer" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true },
                ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject() },
            },
        }, Loading);
        server.Notify("initialized", new JsonObject());
        foreach (var (name, text) in files)
        {
            server.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri(name), ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
            });
        }

        foreach (var group in expected.GroupBy(d => d.File))
        {
            var wanted = group.Select(d => $"{d.Id} line {d.Line}").OrderBy(d => d, StringComparer.Ordinal).ToArray();
            var published = server.WaitFor(Uri(group.Key), d => Decl(d).SequenceEqual(wanted), Loading);
            Assert.True(published is not null, $"{group.Key}: expected {string.Join(", ", wanted)}; the server's log:\n{server.Errors}");
            foreach (var diagnostic in published.Value.Diagnostics.Where(IsDecl))
                Assert.Equal(HelpBase + Code(diagnostic!) + ".md", diagnostic!["codeDescription"]?["href"]?.GetValue<string>());
        }

        // Live feedback: a shape mismatch typed into the correct model, then its fix.
        var clean = server.WaitFor(Uri("Program.cs"), d => !d.Any(IsDecl), Loading);
        Assert.True(clean is not null, "Program.cs has DECL diagnostics before the edit\n" + server.Errors);
        var typed = server.Now;
        Change(server, Uri("Program.cs"), 2, Program.Replace(Correct, Mismatched));
        var shown = server.WaitFor(Uri("Program.cs"), d => d.Any(x => IsDecl(x) && Code(x!) == "DECL001"), Feedback);
        Assert.True(shown is not null, "DECL001 did not appear after the edit\n" + server.Errors);
        var fixedAt = server.Now;
        Change(server, Uri("Program.cs"), 3, Program);
        var gone = server.WaitFor(Uri("Program.cs"), d => !d.Any(IsDecl), Feedback);
        Assert.True(gone is not null, "DECL001 did not go after the fix\n" + server.Errors);

        _output.WriteLine($"csharp-ls live feedback: mismatch shown {(shown.Value.At - typed).TotalMilliseconds:F0} ms after didChange, " +
                          $"gone {(gone.Value.At - fixedAt).TotalMilliseconds:F0} ms after the fix");

        string Uri(string name) => LanguageServer.Uri(Path.Combine(root, name));
    }

    private static void Change(LanguageServer server, string uri, int version, string text)
        => server.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });

    private static bool IsDecl(JsonNode? diagnostic) => diagnostic is not null && Code(diagnostic).StartsWith("DECL", StringComparison.Ordinal);

    private static string Code(JsonNode diagnostic) => diagnostic["code"]?.ToString() ?? "";

    /// <summary>The DECL diagnostics as "ID line N" (1-based, as the build prints them), sorted.</summary>
    private static string[] Decl(JsonArray diagnostics)
        => diagnostics.Where(IsDecl)
            .Select(d => $"{Code(d!)} line {d!["range"]!["start"]!["line"]!.GetValue<int>() + 1}")
            .Distinct()
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
}
