using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generator.Incremental;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// <see cref="FileInput.Comparer"/> is right only because Roslyn keeps the previous item of a step when the comparer
/// says the new one equals it: the kept item is the one the parse ran on, whose <see cref="CodeRead"/> the next
/// comparison needs. These tests fail if Roslyn stops behaving that way, or if the pipeline stops relying on it safely.
/// </summary>
public class ComparerContractTests
{
    /// <summary>A value the comparer below calls equal to every other: only its identity tells runs apart.</summary>
    private sealed class Item
    {
        public Item(int trees) => Trees = trees;

        public int Trees { get; }
    }

    private sealed class AlwaysEqual : IEqualityComparer<Item>
    {
        public bool Equals(Item? x, Item? y) => true;

        public int GetHashCode(Item obj) => 0;
    }

    /// <summary>A generator with one compared step and one step after it that records every item it is given.</summary>
    private sealed class ProbeGenerator : IIncrementalGenerator
    {
        public ConcurrentQueue<Item> Received { get; } = new();

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var items = context.CompilationProvider
                .Select(static (compilation, _) => new Item(compilation.SyntaxTrees.Count()))
                .WithComparer(new AlwaysEqual())
                .WithTrackingName("Items");
            var received = items.Select((item, _) =>
            {
                Received.Enqueue(item);
                return item.Trees;
            });
            context.RegisterSourceOutput(received, static (_, _) => { });
        }
    }

    [Fact]
    public void Roslyn_keeps_the_previous_item_when_the_comparer_says_the_new_one_is_equal()
    {
        var probe = new ProbeGenerator();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { probe.AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var first = TestCompilation.Create(("A.cs", "class A { }"));
        var second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", TestCompilation.ParseOptions, path: "B.cs"));
        var third = second.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class C { }", TestCompilation.ParseOptions, path: "C.cs"));

        driver = driver.RunGenerators(first);
        var kept = (Item)Output(driver, "Items").Value;
        driver = driver.RunGenerators(second).RunGenerators(third);
        var (value, reason) = Output(driver, "Items");

        // The item of the first run survives two runs whose new items were called equal to it.
        Assert.Equal(IncrementalStepRunReason.Unchanged, reason);
        Assert.Same(kept, value);
        Assert.Equal(1, ((Item)value).Trees);
        // And the step after it never saw the new items.
        Assert.Equal(new[] { kept }, probe.Received.ToArray());
    }

    [Fact]
    public void After_an_edit_inside_forward_the_file_input_kept_is_the_one_the_parse_ran_on()
    {
        const string model = TestCompilation.Usings + """
            namespace Samples;

            public partial class Twins : Module<Tensor, Tensor>
            {
                public Twins() : base(nameof(Twins))
                {
                    left = Linear(4, 4);
                    right = Linear(4, 4);
                    RegisterComponents();
                }

                [Shared("twin")] private readonly Linear left;
                [Shared("twin")] private readonly Linear right;

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """;
        var compilation = TestCompilation.Create(("Twins.cs", model));
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            model.Replace("right.call(left.call(x))", "left.call(right.call(x))"), TestCompilation.ParseOptions, path: "Twins.cs"));

        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        var parsed = (FileInput)Output(driver, TrackingNames.FileInputs).Value;
        Assert.NotNull(CodeRead.Of(parsed));

        driver = driver.RunGenerators(edited);
        var (value, reason) = Output(driver, TrackingNames.FileInputs);

        Assert.Equal(IncrementalStepRunReason.Unchanged, reason);
        Assert.Same(parsed, value);
        // The kept input still names the first version of the file: what the next comparison compares with.
        Assert.Same(tree, ((FileInput)value).File);
    }

    [Fact]
    public void What_a_parse_read_is_kept_for_the_input_it_ran_on_not_for_the_file()
    {
        // Two drivers parse the same syntax tree in two compilations. In the first, the model's constructor calls a
        // helper in another file; in the second, that file is not there. A table keyed by the tree would let the
        // second parse's record stand for the first driver's input.
        const string model = TestCompilation.Usings + """
            namespace Samples;

            public partial class Twins : Module<Tensor, Tensor>
            {
                public Twins() : base(nameof(Twins))
                {
                    left = Linear(Sizes.Width(), 4);
                    right = Linear(Sizes.Width(), 4);
                    RegisterComponents();
                }

                [Shared("twin")] private readonly Linear left;
                [Shared("twin")] private readonly Linear right;

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(model, TestCompilation.ParseOptions, path: "Twins.cs");
        var sizes = CSharpSyntaxTree.ParseText("namespace Samples; public static class Sizes { public static long Width() => 8; }", TestCompilation.ParseOptions, path: "Sizes.cs");
        var withHelper = TestCompilation.Create(("Other.cs", "class Other { }")).AddSyntaxTrees(tree, sizes);
        var withoutHelper = TestCompilation.Create(("Other.cs", "class Other { }")).AddSyntaxTrees(tree);

        var first = TestCompilation.CreateDriver().RunGenerators(withHelper);
        var second = TestCompilation.CreateDriver().RunGenerators(withoutHelper);
        var firstInput = (FileInput)Output(first, TrackingNames.FileInputs, "Twins.cs").Value;
        var secondInput = (FileInput)Output(second, TrackingNames.FileInputs, "Twins.cs").Value;

        Assert.Same(firstInput.File, secondInput.File);
        Assert.Contains(sizes, CodeRead.Of(firstInput)!.OtherFiles);
        Assert.DoesNotContain(sizes, CodeRead.Of(secondInput)!.OtherFiles);
    }

    private static (object Value, IncrementalStepRunReason Reason) Output(GeneratorDriver driver, string step, string? file = null)
    {
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs);
        if (file is not null)
            outputs = outputs.Where(o => o.Value is FileInput input && input.File.FilePath == file);
        return outputs.Single();
    }
}
