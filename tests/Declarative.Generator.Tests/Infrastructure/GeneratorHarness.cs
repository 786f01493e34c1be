using System.Linq;
using Xunit;

namespace Declarative.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over model sources and checks that what it adds compiles without a warning.</summary>
public static class GeneratorHarness
{
    /// <summary>The one file generated for <paramref name="source"/>, after checking that the result compiles cleanly.</summary>
    public static string GenerateSingle(string source)
    {
        var (result, output) = TestCompilation.Run(TestCompilation.Create(TestCompilation.Usings + source));
        Assert.Empty(result.Diagnostics);
        var problems = TestCompilation.Problems(output);
        Assert.True(problems.IsEmpty, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
        var generated = Assert.Single(result.GeneratedTrees);
        return generated.GetText().ToString();
    }

    /// <summary>The number of files generated for <paramref name="source"/>; the generator must not fail on it.</summary>
    public static int CountGenerated(string source)
    {
        var (result, _) = TestCompilation.Run(TestCompilation.Create(TestCompilation.Usings + source));
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return result.GeneratedTrees.Length;
    }
}
