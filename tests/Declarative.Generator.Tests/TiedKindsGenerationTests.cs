using System.Linq;
using System.Text;
using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>The code generated for each kind of [Tied] member, pinned by snapshots, one kind per snapshot.</summary>
public class TiedKindsGenerationTests
{
    [Fact]
    public void Parameter_fields_are_tied_by_name()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Scales : Module<Tensor, Tensor>
            {
                [Tied("scale", Lambda = 0.5)] private readonly Parameter first;
                [Tied("scale", Lambda = 0.5)] private readonly Parameter second;
                [Tied("scale", Lambda = 0.5)] private readonly Parameter third;

                public Scales() : base(nameof(Scales))
                {
                    first = Parameter(torch.ones(4));
                    second = Parameter(torch.ones(4));
                    third = Parameter(torch.ones(4));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x * first * second * third;
            }
            """);
        Snapshot.Verify(generated, "Tied.Parameter");
    }

    [Fact]
    public void Module_fields_tie_every_pair_of_corresponding_parameters()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class TaskTowers : Module<Tensor, (Tensor, Tensor)>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Sequential towerA;
                [Tied("tower", Lambda = 0.1)] private readonly Sequential towerB;

                public TaskTowers() : base(nameof(TaskTowers))
                {
                    towerA = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
                    towerB = Sequential(Linear(8, 16), ReLU(), Linear(16, 1));
                    RegisterComponents();
                }

                public override (Tensor, Tensor) forward(Tensor x) => (towerA.call(x), towerB.call(x));
            }
            """);
        Snapshot.Verify(generated, "Tied.Module");
    }

    [Fact]
    public void Member_paths_tie_a_parameter_or_a_sub_module_inside_the_fields()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Blocks : Module<Tensor, Tensor>
            {
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headA;
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headB;
                [Tied("inner", Lambda = 0.25, Member = "1")] private readonly Sequential blockA;
                [Tied("inner", Lambda = 0.25, Member = "1")] private readonly Sequential blockB;

                public Blocks() : base(nameof(Blocks))
                {
                    headA = Linear(4, 4);
                    headB = Linear(4, 4);
                    blockA = Sequential(Linear(4, 4), Linear(4, 4));
                    blockB = Sequential(Linear(4, 4), Linear(4, 4));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => headA.call(blockA.call(x)) + headB.call(blockB.call(x));
            }
            """);
        Snapshot.Verify(generated, "Tied.Member");
    }

    [Fact]
    public void Collections_make_every_element_a_member()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Stack : Module<Tensor, Tensor>
            {
                [Tied("layer", Lambda = 0.01)] private readonly ModuleList<Linear> layers;
                [Tied("gate", Lambda = 0.02, Member = "weight", Norm = TieNorm.L1)] private readonly Linear[] gates;

                public Stack() : base(nameof(Stack))
                {
                    layers = new ModuleList<Linear>(Linear(4, 4), Linear(4, 4), Linear(4, 4));
                    gates = new[] { Linear(4, 4), Linear(4, 4) };
                    for (int i = 0; i < gates.Length; i++)
                        register_module($"gate{i}", gates[i]);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x)
                {
                    foreach (var layer in layers) x = layer.call(x);
                    foreach (var gate in gates) x = gate.call(x);
                    return x;
                }
            }
            """);
        Snapshot.Verify(generated, "Tied.Collection");
    }

    [Fact]
    public void A_single_member_group_is_kept_for_ties_across_models()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Classifier : Module<Tensor, Tensor>
            {
                [Tied("features", Lambda = 0.4)] private readonly Linear features;
                private readonly Linear head;

                public Classifier() : base(nameof(Classifier))
                {
                    features = Linear(8, 4);
                    head = Linear(4, 2);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => head.call(features.call(x));
            }
            """);
        Snapshot.Verify(generated, "Tied.SingleMember");
    }

    [Fact]
    public void A_model_nested_in_partial_types_is_extended_inside_them()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public static partial class Outer
            {
                public partial class Middle
                {
                    public partial class Inner : Module<Tensor, Tensor>
                    {
                        [Tied("pair", Lambda = 1e-3)] private readonly Linear left;
                        [Tied("pair", Lambda = 1e-3)] private readonly Linear right;

                        public Inner() : base(nameof(Inner))
                        {
                            left = Linear(3, 3);
                            right = Linear(3, 3);
                            RegisterComponents();
                        }

                        public override Tensor forward(Tensor x) => left.call(x) + right.call(x);
                    }
                }
            }
            """);
        Snapshot.Verify(generated, "Tied.Nested");
    }

    [Fact]
    public void A_field_in_two_groups_is_a_member_of_each()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Overlap : Module<Tensor, Tensor>
            {
                [Tied("all", Lambda = 0.1)]
                [Tied("weights", Lambda = 0, Member = "weight")]
                private readonly Linear a;
                [Tied("all", Lambda = 0.1)] private readonly Linear b;
                [Tied("weights", Lambda = 0, Member = "weight")] private readonly Linear c;

                public Overlap() : base(nameof(Overlap))
                {
                    a = Linear(2, 2);
                    b = Linear(2, 2);
                    c = Linear(2, 2);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => a.call(x) + b.call(x) + c.call(x);
            }
            """);
        Snapshot.Verify(generated, "Tied.MultipleGroups");
    }

    [Fact]
    public void Generated_code_grows_by_one_line_per_member()
    {
        // The penalty is computed at run time in O(k); the declaration lists each member once, never the pairs.
        string Model(int k)
        {
            var fields = new StringBuilder();
            var assignments = new StringBuilder();
            for (int i = 0; i < k; i++)
            {
                fields.AppendLine($"    [Tied(\"tower\", Lambda = 0.1)] private readonly Linear tower{i};");
                assignments.AppendLine($"        tower{i} = Linear(2, 2);");
            }
            return "namespace Samples;\n\npublic partial class Many : Module<Tensor, Tensor>\n{\n" + fields +
                   "\n    public Many() : base(nameof(Many))\n    {\n" + assignments + "        RegisterComponents();\n    }\n\n" +
                   "    public override Tensor forward(Tensor x) => tower0.call(x);\n}\n";
        }

        int Lines(string text) => text.Split('\n').Length;
        string two = GeneratorHarness.GenerateSingle(Model(2));
        string twelve = GeneratorHarness.GenerateSingle(Model(12));
        string twentyFour = GeneratorHarness.GenerateSingle(Model(24));

        Assert.Equal(12, twelve.Split("new global::Declarative.TiedMember(").Length - 1);
        Assert.Equal(10, Lines(twelve) - Lines(two));
        Assert.Equal(12, Lines(twentyFour) - Lines(twelve));
        Assert.Single(twentyFour.Split('\n'), line => line.Contains("new global::Declarative.TieGroup("));
    }
}
