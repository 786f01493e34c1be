using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>The code generated for each kind of [Shared] member, pinned by snapshots.</summary>
public class SharedGenerationTests
{
    [Fact]
    public void Member_sharing_ties_a_parameter_inside_two_modules()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class TiedLanguageModel : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] private readonly Embedding embed;
                [Shared("vocab", Member = "weight")] private readonly Linear head;

                public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }
            """);
        Snapshot.Verify(generated, "Shared.Member");
    }

    [Fact]
    public void Module_sharing_ties_every_tensor_of_twin_modules()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Siamese : Module<Tensor, Tensor, Tensor>
            {
                [Shared("twin")] private readonly Sequential left;
                [Shared("twin")] private readonly Sequential right;

                public Siamese() : base(nameof(Siamese))
                {
                    left = Sequential(Linear(8, 4), ReLU());
                    right = Sequential(Linear(8, 4), ReLU());
                    RegisterComponents();
                }

                public override Tensor forward(Tensor a, Tensor b) => (left.call(a) - right.call(b)).norm();
            }
            """);
        Snapshot.Verify(generated, "Shared.Module");
    }

    [Fact]
    public void Parameter_fields_share_one_tensor()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class TwoScales : Module<Tensor, Tensor>
            {
                [Shared("scale")] private readonly Parameter first;
                [Shared("scale")] private readonly Parameter second;

                public TwoScales() : base(nameof(TwoScales))
                {
                    first = Parameter(torch.ones(4));
                    second = Parameter(torch.ones(4));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x * first * second;
            }
            """);
        Snapshot.Verify(generated, "Shared.Parameter");
    }

    [Fact]
    public void Collection_members_share_with_every_element_and_other_fields()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Stack : Module<Tensor, Tensor>
            {
                [Shared("layer")] private readonly Linear first;
                [Shared("layer")] private readonly ModuleList<Linear> rest;
                [Shared("gate", Member = "weight")] private readonly Linear[] gates;

                public Stack(int depth) : base(nameof(Stack))
                {
                    first = Linear(16, 16);
                    rest = new ModuleList<Linear>();
                    for (int i = 1; i < depth; i++) rest.Add(Linear(16, 16));
                    gates = new[] { Linear(16, 16), Linear(16, 16) };
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x)
                {
                    x = first.call(x);
                    foreach (var layer in rest) x = layer.call(x);
                    return x;
                }
            }
            """);
        Snapshot.Verify(generated, "Shared.Collection");
    }

    [Fact]
    public void Transposed_member_is_a_view_of_the_owner()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class TiedAutoencoder : Module<Tensor, Tensor>
            {
                [Shared("codec", Member = "weight")] private readonly Linear encoder;
                [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;

                public TiedAutoencoder(long input, long code) : base(nameof(TiedAutoencoder))
                {
                    encoder = Linear(input, code);
                    decoder = Linear(code, input);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => decoder.call(functional.relu(encoder.call(x)));
            }
            """);
        Snapshot.Verify(generated, "Shared.Transpose");
    }

    [Fact]
    public void Nested_and_generic_models_are_reopened_with_their_enclosing_types()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples.Nested
            {
                public static partial class Zoo
                {
                    internal partial class Twins<TTag> : Module<Tensor, Tensor>
                    {
                        [Shared("twin")] private readonly Linear a;
                        [Shared("twin")] private readonly Linear b;

                        public Twins() : base("Twins")
                        {
                            a = Linear(2, 2);
                            b = Linear(2, 2);
                            RegisterComponents();
                        }

                        public override Tensor forward(Tensor x) => b.call(a.call(x));
                    }
                }
            }
            """);
        Snapshot.Verify(generated, "Shared.NestedGeneric");
    }
}
