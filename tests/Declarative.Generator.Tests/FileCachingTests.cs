using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// The parser runs per file, and again only where its result can change: in every file when a declaration changed,
/// and in files whose shape inference read code that changed, in the file itself or in another. Each test compares what the
/// cached run emits with a fresh run on the same compilation, so a missed dependency shows as stale output.
/// </summary>
public class FileCachingTests
{
    private static readonly (string Path, string Source)[] Project =
    {
        ("Config.cs", TestCompilation.Usings + """
            namespace Samples;

            public static class Config
            {
                public const int Hidden = 8;

                public const double Strength = 0.1;

                public static int Width() => 4;
            }
            """),
        ("Encoder.cs", TestCompilation.Usings + """
            namespace Samples;

            public class Encoder : Module<Tensor, Tensor>
            {
                public readonly Linear fc;

                public Encoder(int input) : base(nameof(Encoder))
                {
                    fc = Linear(input, Config.Hidden);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => fc.call(x);
            }
            """),
        ("Towers.cs", TestCompilation.Usings + """
            namespace Samples;

            public partial class Towers : Module<Tensor, Tensor>
            {
                [Shared("enc", Member = "fc.weight")] private readonly Encoder left = new Encoder(Config.Width());
                [Shared("enc", Member = "fc.weight")] private readonly Encoder right = new Encoder(Config.Width());
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerA = Linear(4, Config.Hidden);
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerB = Linear(4, Config.Hidden);

                public Towers() : base(nameof(Towers)) { RegisterComponents(); }

                public override Tensor forward(Tensor x)
                {
                    return towerB.call(towerA.call(right.call(left.call(x))));
                }
            }
            """),
        ("Heads.cs", TestCompilation.Usings + """
            namespace Samples;

            public partial class Heads : Module<Tensor, Tensor>
            {
                [Shared("head")] private readonly Linear first = Linear(8, 8);
                [Shared("head")] private readonly Linear second = Linear(8, 8);
                // Nothing here makes inference read Config.cs: only the attribute's constant depends on it.
                [Tied("gate", Lambda = Config.Strength)] private readonly Linear gateA = Linear(8, 8);
                [Tied("gate", Lambda = Config.Strength)] private readonly Linear gateB = Linear(8, 8);

                public Heads() : base(nameof(Heads)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => second.call(first.call(x));
            }
            """),
    };

    /// <summary>Edits a user makes, each a replacement in one file.</summary>
    public static readonly TheoryData<string, string, string, string> Edits = new()
    {
        { "a method body of a model", "Towers.cs", "return towerB.call(", "var y = x;\n        return towerB.call(" },
        { "a constructor body of a model", "Towers.cs", "{ RegisterComponents(); }", "{ left = new Encoder(5); RegisterComponents(); }" },
        { "a constructor body inference reads in another file", "Encoder.cs", "Linear(input, Config.Hidden)", "Linear(input, 2 * Config.Hidden)" },
        { "a helper method body inference reads in another file", "Config.cs", "Width() => 4", "Width() => 6" },
        { "a constant inference reads in another file", "Config.cs", "Hidden = 8", "Hidden = 12" },
        { "a constant an attribute reads in another file", "Config.cs", "Strength = 0.1", "Strength = 0.2" },
        { "a group key", "Towers.cs", "\"tower\"", "\"towers\"" },
        { "a removed attribute", "Heads.cs", "[Shared(\"head\")] private readonly Linear second", "private readonly Linear second" },
        { "a new field in another model", "Heads.cs", "public Heads()", "private int unused;\n    public Heads()" },
        { "a comment", "Encoder.cs", "public readonly Linear fc;", "public readonly Linear fc; // the projection" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void After_an_edit_the_cached_run_emits_what_a_fresh_run_emits(string edit, string path, string before, string after)
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, path, before, after);

        var driver = TestCompilation.CreateDriver().RunGenerators(compilation).RunGenerators(edited);

        Assert.True(Generated(driver) == Generated(TestCompilation.CreateDriver().RunGenerators(edited)), $"after editing {edit}, the cached run emitted stale code");
    }

    [Fact]
    public void Code_that_inference_read_changes_the_generated_comments()
    {
        // Without this, the test above could pass with a dependency missed: the output would not depend on it.
        var compilation = TestCompilation.Create(Project);
        foreach (var (path, before, after) in new[]
        {
            ("Towers.cs", "{ RegisterComponents(); }", "{ left = new Encoder(5); RegisterComponents(); }"),
            ("Encoder.cs", "Linear(input, Config.Hidden)", "Linear(input, 2 * Config.Hidden)"),
            ("Config.cs", "Width() => 4", "Width() => 6"),
        })
        {
            var edited = Edit(compilation, path, before, after);
            Assert.NotEqual(Generated(TestCompilation.CreateDriver().RunGenerators(compilation)), Generated(TestCompilation.CreateDriver().RunGenerators(edited)));
        }
    }

    [Fact]
    public void A_sequence_of_edits_keeps_the_cached_run_equal_to_a_fresh_run()
    {
        var random = new Random(20261122);
        var edits = Edits.Select(row => ((string)row[1], (string)row[2], (string)row[3])).ToList();
        for (int sequence = 0; sequence < 3; sequence++)
        {
            var compilation = TestCompilation.Create(Project);
            var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
            foreach (var (path, before, after) in edits.OrderBy(_ => random.Next()))
            {
                // Undo half the edits again, so that files go back to text the cache has seen.
                compilation = Edit(compilation, path, before, after);
                if (random.Next(2) == 0) compilation = Edit(compilation, path, after, before);
                driver = driver.RunGenerators(compilation);
                Assert.Equal(Generated(TestCompilation.CreateDriver().RunGenerators(compilation)), Generated(driver));
            }
        }
    }

    [Fact]
    public void An_edit_inside_a_method_body_that_inference_never_read_parses_no_file_again()
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, "Towers.cs", "return towerB.call(", "var y = x;\n        return towerB.call(");

        Assert.Empty(FilesParsedAgain(compilation, edited));
    }

    [Fact]
    public void An_edit_inside_a_constructor_of_the_model_parses_its_file_again()
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, "Towers.cs", "{ RegisterComponents(); }", "{ var unused = 1; RegisterComponents(); }");

        Assert.Equal(new[] { "Towers.cs" }, FilesParsedAgain(compilation, edited));
    }

    [Fact]
    public void A_body_edit_in_a_file_that_inference_read_parses_the_reader_again()
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, "Encoder.cs", "RegisterComponents();", "var unused = 1;\n        RegisterComponents();");

        // Towers.cs builds encoders, so inference read Encoder.cs for it. Encoder.cs itself has no annotated fields,
        // so its own parse read no code, and Heads.cs and Config.cs did not change.
        Assert.Equal(new[] { "Towers.cs" }, FilesParsedAgain(compilation, edited));
    }

    [Fact]
    public void An_edit_inside_an_instance_helper_that_assigns_through_an_out_argument_parses_its_readers_again()
    {
        // Inference runs the base class's registration helper for the model's constructor, so the model's
        // comments depend on the helper's body in another file.
        var compilation = TestCompilation.Create(
            ("Registering.cs", TestCompilation.Usings + """
                namespace Samples;

                public abstract class Registering : Module<Tensor, Tensor>
                {
                    protected Registering(string name) : base(name) { }

                    protected void Register(out Linear field, long input, long output)
                    {
                        field = Linear(input, output);
                    }
                }
                """),
            ("Model.cs", TestCompilation.Usings + """
                namespace Samples;

                public partial class Model : Registering
                {
                    [Shared("head", Member = "weight")] private readonly Linear first;
                    [Shared("head", Member = "weight")] private readonly Linear second;

                    public Model() : base(nameof(Model))
                    {
                        Register(out first, 8, 4);
                        Register(out second, 8, 4);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor x) => second.call(first.call(x));
                }
                """));
        var edited = Edit(compilation, "Registering.cs", "Linear(input, output)", "Linear(input, 2 * output)");

        Assert.Equal(new[] { "Model.cs" }, FilesParsedAgain(compilation, edited));
        var cached = Generated(TestCompilation.CreateDriver().RunGenerators(compilation).RunGenerators(edited));
        Assert.Equal(Generated(TestCompilation.CreateDriver().RunGenerators(edited)), cached);
        Assert.Contains("[8, 8]", cached);
        Assert.NotEqual(Generated(TestCompilation.CreateDriver().RunGenerators(compilation)), cached);
    }

    [Fact]
    public void A_declaration_edit_parses_every_file_again()
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, "Config.cs", "public static int Width()", "public static int Depth() => 2;\n    public static int Width()");

        Assert.Equal(Project.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal), FilesParsedAgain(compilation, edited));
    }

    [Fact]
    public void A_comment_parses_no_file_again()
    {
        var compilation = TestCompilation.Create(Project);
        var edited = Edit(compilation, "Heads.cs", "public Heads()", "// two heads, one set of weights\n    public Heads()");

        Assert.Empty(FilesParsedAgain(compilation, edited));
    }

    [Fact]
    public void An_accessor_that_stops_saying_field_in_another_file_regenerates_the_comments()
    {
        // In C# 14 a property whose accessors say `field` has a backing field, which inference follows; without it
        // the width is unknown. The accessors are bodies, and the constructor that reads Width is in another file.
        var preview = new CSharpParseOptions(LanguageVersion.Preview);
        var compilation = TestCompilation.Create(preview,
            ("Model.cs", TestCompilation.Usings + """
                namespace Samples;

                public partial class Model : Module<Tensor, Tensor>
                {
                    [Shared("w", Member = "weight")] private readonly Linear first;
                    [Shared("w", Member = "weight")] private readonly Linear second;

                    public Model() : base(nameof(Model))
                    {
                        Width = 8;
                        first = Linear(Width, 4);
                        second = Linear(Width, 4);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor x) => second.call(first.call(x));
                }
                """),
            ("Width.cs", TestCompilation.Usings + """
                namespace Samples;

                public partial class Model
                {
                    public int Width { get => field; set => field = value; }
                }
                """));

        var edited = Edit(compilation, "Width.cs", "get => field; set => field = value;", "get => 8; set => _ = value;", preview);

        Assert.NotEqual(Generated(TestCompilation.CreateDriver(preview).RunGenerators(compilation)), Generated(TestCompilation.CreateDriver(preview).RunGenerators(edited)));
        AssertCachedRunEqualsFreshRun(preview, compilation, edited);
    }

    [Fact]
    public void A_blank_line_changes_no_comment_even_through_caller_line_numbers()
    {
        // [CallerLineNumber] turns where a call stands into a constant; inference must not read it as a size, or a
        // blank line (which no fingerprint sees) would change the comments.
        var options = TestCompilation.ParseOptions;
        var compilation = TestCompilation.Create(options, ("Model.cs", TestCompilation.Usings + """
            using System.Runtime.CompilerServices;

            namespace Samples;

            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("w", Member = "weight")] private readonly Linear first;
                [Shared("w", Member = "weight")] private readonly Linear second;

                private static Linear Make([CallerLineNumber] int line = 0) => Linear(4, line);

                public Model() : base(nameof(Model))
                {
                    first = Make();
                    second = Make();
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => second.call(first.call(x));
            }
            """));
        var edited = Edit(compilation, "Model.cs", "    public Model()", "\n\n    public Model()", options);

        Assert.Equal(Generated(TestCompilation.CreateDriver(options).RunGenerators(compilation)), Generated(TestCompilation.CreateDriver(options).RunGenerators(edited)));
        AssertCachedRunEqualsFreshRun(options, compilation, edited);
    }

    private static void AssertCachedRunEqualsFreshRun(CSharpParseOptions options, CSharpCompilation before, CSharpCompilation after)
        => Assert.Equal(Generated(TestCompilation.CreateDriver(options).RunGenerators(after)), Generated(TestCompilation.CreateDriver(options).RunGenerators(before).RunGenerators(after)));

    [Fact]
    public void The_generator_keeps_no_earlier_compilation_alive()
    {
        var (driver, first) = RunOnTwoCompilations();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(first.TryGetTarget(out _), "the driver's state still holds the first compilation");
        GC.KeepAlive(driver);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (GeneratorDriver Driver, WeakReference<Compilation> First) RunOnTwoCompilations()
    {
        var first = TestCompilation.Create(Project);
        var driver = TestCompilation.CreateDriver().RunGenerators(first);
        driver = driver.RunGenerators(Edit(first, "Towers.cs", "return towerB.call(", "var y = x;\n        return towerB.call("));
        return (driver, new WeakReference<Compilation>(first));
    }

    /// <summary>The files of <paramref name="after"/> that the parser ran on again, after a run on <paramref name="before"/>.</summary>
    private static List<string> FilesParsedAgain(Compilation before, Compilation after)
    {
        var driver = TestCompilation.CreateDriver().RunGenerators(before);
        var parsed = new List<string>();
        // Tests of other classes run generators at the same time; only this compilation's files count.
        Action<SyntaxTree> observe = tree => { if (after.ContainsSyntaxTree(tree)) lock (parsed) parsed.Add(tree.FilePath); };
        Parser.FileParser.ParseObserver += observe;
        try
        {
            driver.RunGenerators(after);
        }
        finally
        {
            Parser.FileParser.ParseObserver -= observe;
        }
        return parsed.OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string before, string after, CSharpParseOptions? options = null)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.ToString();
        Assert.Contains(before, text);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text.Replace(before, after), options ?? TestCompilation.ParseOptions, path: path));
    }

    /// <summary>Every generated file, by hint name, as one text.</summary>
    private static string Generated(GeneratorDriver driver)
        => string.Join("\n", driver.GetRunResult().Results.Single().GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => $"// {s.HintName}\n{s.SourceText}"));
}
