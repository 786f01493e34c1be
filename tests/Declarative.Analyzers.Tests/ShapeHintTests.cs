using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// DECL024, DECL025: <c>[Shape]</c> hints for members whose shape cannot be inferred. The attribute is recognised by
/// its name in the Declarative namespace; the tests declare it while the runtime does not ship it.
/// </summary>
public class ShapeHintTests
{
    /// <summary>The hint attribute as the runtime is to declare it; added to test sources only while it does not.</summary>

    [Fact]
    public void A_hint_stands_in_for_a_shape_inference_cannot_see()
    {
        Verify("""
            public partial class Hinted : Module<Tensor, Tensor>
            {
                [{|owner:Shared("vocab", Member = "weight")|}] private readonly Embedding embed;
                [{|alias:Shared("vocab", Member = "weight")|}] [Shape("dim", "vocab", Member = "weight")] private readonly Linear head;
                [Shared("vocab2", Member = "weight")] private readonly Embedding embed2;
                [Shared("vocab2", Member = "weight")] [Shape("vocab", "dim", Member = "weight")] private readonly Linear head2;

                public Hinted(long vocab, long dim, Func<long, long, Linear> make) : base(nameof(Hinted))
                {
                    embed = Embedding(vocab, dim);
                    head = make(dim, vocab);
                    embed2 = Embedding(vocab, dim);
                    head2 = make(vocab, dim);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL001", "alias", "'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]", "owner"));
    }

    [Fact]
    public void A_hint_must_agree_with_an_inferred_shape_and_be_made_of_sizes()
    {
        Verify("""
            public partial class Hinted : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] private readonly Embedding embed;
                [Shared("vocab", Member = "weight")] [{|wrong:Shape("dim", "vocab", Member = "weight")|}] private readonly Linear head;
                [Shared("s")] [Shape("2", "?")] private readonly Parameter s1;
                [Shared("s")] [Shape("dim", {|bad:"2 +"|})] private readonly Parameter s2;

                public Hinted(long vocab, long dim) : base(nameof(Hinted))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab);
                    s1 = Parameter(torch.zeros(2, 2));
                    s2 = Parameter(torch.zeros(2, 2));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL024", "wrong", "Shape hint [dim, vocab] of 'head.weight' does not match its inferred shape [vocab, dim]"),
            Diagnostic("DECL025", "bad", "Shape hint '2 +' of 's2' is not a size; write a number, a name, or + - * / of those"));
    }
}
