using System.Linq;
using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>Generated code is reviewed in pull requests: the same input must give the same bytes, in any file order.</summary>
public class DeterminismTests
{
    private const string FirstPart = TestCompilation.Usings + """
        namespace Samples;

        public partial class Split : Module<Tensor, Tensor>
        {
            [Shared("k", Member = "weight")] private readonly Linear b1;
            [Tied("t", Lambda = 0.5)] private readonly Linear t1;
            public override Tensor forward(Tensor x) => b2.call(b1.call(t2.call(t1.call(x))));
        }
        """;

    private const string SecondPart = TestCompilation.Usings + """
        namespace Samples;

        public partial class Split
        {
            [Shared("k", Member = "weight")] private readonly Linear b2;
            [Tied("t", Lambda = 0.5)] private readonly Linear t2;
            public Split() : base(nameof(Split))
            {
                b1 = Linear(3, 3); b2 = Linear(3, 3); t1 = Linear(3, 3); t2 = Linear(3, 3);
                RegisterComponents();
            }
        }

        public partial class Other : Module<Tensor, Tensor>
        {
            [Shared("o")] private readonly Linear x1 = Linear(2, 2);
            [Shared("o")] private readonly Linear x2 = Linear(2, 2);
            public Other() : base(nameof(Other)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => x2.call(x1.call(x));
        }
        """;

    [Fact]
    public void Same_input_in_either_file_order_gives_byte_identical_output()
    {
        string Generate(params (string, string)[] files)
        {
            var (result, output) = TestCompilation.Run(TestCompilation.Create(files));
            Assert.Empty(TestCompilation.Problems(output));
            return string.Join("\n// ----\n", result.GeneratedTrees.OrderBy(t => t.FilePath, System.StringComparer.Ordinal).Select(t => t.FilePath + "\n" + t.GetText()));
        }

        string forward = Generate(("A.cs", FirstPart), ("B.cs", SecondPart));
        string backward = Generate(("B.cs", SecondPart), ("A.cs", FirstPart));

        Assert.Equal(forward, backward);
        Assert.Contains("SharedMember(\"b1\", member: \"weight\"), // owner", forward);
    }

    [Fact]
    public void Members_of_a_class_split_over_files_are_ordered_by_file_then_declaration()
    {
        var (result, _) = TestCompilation.Run(TestCompilation.Create(("B.cs", SecondPart), ("A.cs", FirstPart)));
        string split = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Samples.Split.g.cs", System.StringComparison.Ordinal)).GetText().ToString();

        Assert.True(split.IndexOf("\"b1\"", System.StringComparison.Ordinal) < split.IndexOf("\"b2\"", System.StringComparison.Ordinal));
        Assert.True(split.IndexOf("\"t1\"", System.StringComparison.Ordinal) < split.IndexOf("\"t2\"", System.StringComparison.Ordinal));
    }
}
