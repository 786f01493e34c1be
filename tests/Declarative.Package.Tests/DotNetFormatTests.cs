using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Declarative.Package.Tests;

/// <summary>
/// The fixes as a pre-commit hook or CI runs them: one plain <c>dotnet format</c> over a consumer of the package with
/// two of each fixable mistake (both forms of DECL001, DECL003, DECL008 with two different suggested keys, DECL012,
/// DECL020 on an explicit and on a primary constructor) applies every fix, whichever order its files come in.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class DotNetFormatTests
{
    private const string Program = "System.Console.WriteLine(\"consumer\");\n";

    private readonly PackageFixture _package;

    public DotNetFormatTests(PackageFixture package) => _package = package;

    [Theory]
    [InlineData("Mistakes.First.cs", "Mistakes.Second.cs")]
    [InlineData("Mistakes.Second.cs", "Mistakes.First.cs")]
    public void One_dotnet_format_run_applies_every_fix_and_the_rebuild_is_clean(string firstFile, string secondFile)
    {
        _package.UseSources(
            (firstFile, PackageFixture.ConsumerFile(firstFile)),
            (secondFile, PackageFixture.ConsumerFile(secondFile)),
            ("Program.cs", Program));

        var before = _package.Build();
        Assert.Equal(
            new[] { "DECL001 x4", "DECL003 x2", "DECL008 x2", "DECL012 x2", "DECL020 x2", "DECL027 x2" },
            DeclDiagnostics(before.Output).GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"));

        var format = DotNet.Run(_package.ConsumerDirectory, "format", "--no-restore");
        Assert.True(format.ExitCode == 0, format.Output);

        foreach (var file in new[] { firstFile, secondFile })
        {
            string expected = PackageFixture.ConsumerFile(file.Replace("Mistakes.", "Fixed."));
            string actual = File.ReadAllText(Path.Combine(_package.ConsumerDirectory, file));
            Assert.Equal(expected.Replace("\r\n", "\n"), actual.Replace("\r\n", "\n"));
        }

        var after = _package.Build();
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Empty(DeclDiagnostics(after.Output));
    }

    /// <summary>The distinct Declarative diagnostics a build printed (MSBuild prints each twice: as found, and in the summary).</summary>
    internal static List<(string File, string Line, string Id)> DeclDiagnostics(string buildOutput)
        => Regex.Matches(buildOutput, @"([\w.]+\.cs)\((\d+),\d+\): (?:error|warning) (DECL\d{3})")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))
            .Distinct()
            .ToList();
}
