using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL019: a shared field assigned after RegisterComponents() or outside construction is no longer shared.</summary>
public class ReassignmentTests
{
    [Fact]
    public void Assignments_after_RegisterComponents_or_outside_construction_break_the_tie()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] internal Embedding embed;
                [Shared("vocab", Member = "weight")] internal Linear head;
                [Tied("t", Lambda = 0.1)] internal Linear tiedA = Linear(4, 4);
                [Tied("t", Lambda = 0.1)] internal Linear tiedB = Linear(4, 4);

                public Model(long vocab, long dim) : base(nameof(Model))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab);
                    RegisterComponents();
                    {|late:head|} = Linear(dim, vocab);
                }

                public Model(long vocab) : this(vocab, 16)
                {
                    {|chained:embed|} = Embedding(vocab, 16);
                }

                public void Reset(long vocab, long dim)
                {
                    {|reset:head.weight|} = new Parameter(torch.zeros(vocab, dim));
                    head.bias = new Parameter(torch.zeros(vocab));
                    tiedA = Linear(4, 4);
                }

                public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
            }

            public static class Surgery
            {
                public static void Replace(Model model, long vocab, long dim) => {|outside:model.embed|} = Embedding(vocab, dim);
            }
            """,
            Diagnostic("DECL019", "late", "Shared field 'head' is assigned after RegisterComponents(); the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "chained", "Shared field 'embed' is assigned after RegisterComponents(); the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "reset", "Shared field 'head.weight' is assigned in 'Reset', outside construction; the new value is not shared in group 'vocab'"),
            Diagnostic("DECL019", "outside", "Shared field 'embed' is assigned in 'Surgery.Replace', outside construction; the new value is not shared in group 'vocab'"));
    }

    [Fact]
    public void Assignments_before_RegisterComponents_and_initializers_are_construction()
    {
        Verify("""
            public partial class Model : Module<Tensor, Tensor>
            {
                [Shared("k")] private Linear a = Linear(2, 2);
                [Shared("k")] private Linear b;

                public Model(bool wide) : base(nameof(Model))
                {
                    b = Linear(2, 2);
                    if (wide) a = Linear(2, 2);
                    RegisterComponents();
                }

                public Model() : this(false) { }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """);
    }
}
