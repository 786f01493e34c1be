using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL002: members of a tie group must have the first member's shapes.</summary>
public class TiedShapeTests
{
    [Fact]
    public void Towers_of_different_widths_cannot_be_tied()
    {
        Verify("""
            public partial class Towers : Module<Tensor, Tensor>
            {
                [{|first:Tied("tower", Lambda = 0.1)|}] private readonly Linear towerA;
                [{|second:Tied("tower", Lambda = 0.1)|}] private readonly Linear towerB;
                [{|p1:Tied("scale", Lambda = 1e-3)|}] private readonly Parameter scaleA = Parameter(torch.ones(8));
                [{|p2:Tied("scale", Lambda = 1e-3)|}] private readonly Parameter scaleB = Parameter(torch.ones(8, 1));

                public Towers(long input, long hidden) : base(nameof(Towers))
                {
                    towerA = Linear(input, hidden);
                    towerB = Linear(input, 2 * hidden);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => towerA.call(x) + towerB.call(x);
            }
            """,
            Diagnostic("DECL002", "second", "'towerB.weight' is [2 * hidden, input] but 'towerA.weight', first member of tie group 'tower', is [hidden, input]", "first"),
            Diagnostic("DECL002", "p2", "'scaleB' is [8, 1] but 'scaleA', first member of tie group 'scale', is [8]", "p1"));
    }

    [Fact]
    public void Tied_towers_of_one_width_and_members_inside_them_are_silent()
    {
        Verify("""
            public partial class Towers : Module<Tensor, Tensor>
            {
                [Tied("tower", Lambda = 0.1)] private readonly Sequential towerA;
                [Tied("tower", Lambda = 0.1)] private readonly Sequential towerB;
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headA;
                [Tied("head", Lambda = 2, Member = "weight")] private readonly Linear headB;

                public Towers(long input, long hidden) : base(nameof(Towers))
                {
                    towerA = Sequential(Linear(input, hidden), ReLU(), BatchNorm1d(hidden));
                    towerB = Sequential(Linear(input, hidden), ReLU(), BatchNorm1d(hidden, track_running_stats: false));
                    headA = Linear(hidden, 1);
                    headB = Linear(hidden, 1, hasBias: false);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => headA.call(towerA.call(x)) + headB.call(towerB.call(x));
            }
            """);
    }

    [Fact]
    public void Divisions_that_do_not_divide_exactly_stay_whole_and_decide_only_what_they_do_not_touch()
    {
        // dim / 2 * 2 is dim whenever dim is even: undecided, never an error. The input size of v2 differs for certain.
        Verify("""
            public partial class Heads : Module<Tensor, Tensor>
            {
                [Tied("q", Lambda = 0.5)] private readonly Linear q1;
                [Tied("q", Lambda = 0.5)] private readonly Linear q2;
                [Tied("k", Lambda = 0.5)] private readonly Linear k1;
                [Tied("k", Lambda = 0.5)] private readonly Linear k2;
                [{|first:Tied("v", Lambda = 0.5)|}] private readonly Linear v1;
                [{|second:Tied("v", Lambda = 0.5)|}] private readonly Linear v2;

                public Heads(long dim, long heads) : base(nameof(Heads))
                {
                    q1 = Linear(dim, dim / heads);
                    q2 = Linear(dim, dim / heads);
                    k1 = Linear(dim, (2 * dim) / 2);
                    k2 = Linear(dim, dim / 2 * 2);
                    v1 = Linear(dim, dim / heads * heads);
                    v2 = Linear(2 * dim, dim / heads * heads);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => q1.call(x) + q2.call(x) + k1.call(x) + k2.call(x) + v1.call(x);
            }
            """,
            Diagnostic("DECL002", "second", "'v2.weight' is [(dim / heads) * heads, 2 * dim] but 'v1.weight', first member of tie group 'v', is [(dim / heads) * heads, dim]", "first"));
    }
}
