using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>The code generated for [Tied] groups, pinned by snapshots.</summary>
public class TiedGenerationTests
{
    [Fact]
    public void Module_parameter_and_member_ties_declare_groups_and_a_penalty()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Towers : Module<Tensor, (Tensor, Tensor)>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;
                [Tied("scale", Lambda = 1e-3, Norm = TieNorm.L1)] private readonly Parameter scaleA;
                [Tied("scale", Lambda = 1e-3, Norm = TieNorm.L1)] private readonly Parameter scaleB;
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headA;
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headB;

                public Towers() : base(nameof(Towers))
                {
                    towerA = Linear(8, 8);
                    towerB = Linear(8, 8);
                    scaleA = Parameter(torch.ones(8));
                    scaleB = Parameter(torch.ones(8));
                    headA = Linear(8, 1);
                    headB = Linear(8, 1);
                    RegisterComponents();
                }

                public override (Tensor, Tensor) forward(Tensor x)
                    => (headA.call(towerA.call(x) * scaleA), headB.call(towerB.call(x) * scaleB));
            }
            """);
        Snapshot.Verify(generated, "Tied.Groups");
    }

    [Fact]
    public void Shared_and_tied_fields_in_one_model_get_one_partial_declaration()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Both : Module<Tensor, Tensor>
            {
                [Shared("emb", Member = "weight")] private readonly Embedding embed;
                [Shared("emb", Member = "weight")] private readonly Linear head;
                [Tied("mix", Lambda = 0.5)] private readonly Linear mixA;
                [Tied("mix", Lambda = 0.5)] private readonly Linear mixB;

                public Both() : base(nameof(Both))
                {
                    embed = Embedding(10, 4);
                    head = Linear(4, 10, hasBias: false);
                    mixA = Linear(4, 4);
                    mixB = Linear(4, 4);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => head.call(mixB.call(mixA.call(embed.call(x))));
            }
            """);
        Snapshot.Verify(generated, "SharedAndTied");
    }
}
