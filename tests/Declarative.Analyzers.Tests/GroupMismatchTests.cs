using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL003 to DECL006 and DECL018: transposes, dtypes, tensor names and module arguments within a group.</summary>
public class GroupMismatchTests
{
    [Fact]
    public void A_transposed_member_must_be_the_exact_transpose()
    {
        Verify("""
            public partial class Autoencoders : Module<Tensor, Tensor>
            {
                [Shared("codec", Member = "weight")] private readonly Linear encoder;
                [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;
                [{|owner:Shared("bad", Member = "weight")|}] private readonly Linear encoder2;
                [{|alias:Shared("bad", Member = "weight", Transpose = true)|}] private readonly Linear decoder2;

                public Autoencoders(long input, long code) : base(nameof(Autoencoders))
                {
                    encoder = Linear(input, code);
                    decoder = Linear(code, input);
                    encoder2 = Linear(input, code);
                    decoder2 = Linear(input, code);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => decoder.call(encoder.call(x)) + decoder2.call(encoder2.call(x));
            }
            """,
            Diagnostic("DECL003", "alias", "'decoder2.weight' is [code, input] but must be [input, code]: it is marked Transpose and 'encoder2.weight', owner of shared group 'bad', is [code, input]", "owner"));
    }

    [Fact]
    public void Transpose_applies_only_to_a_two_dimensional_alias()
    {
        Verify("""
            public partial class Misuse : Module<Tensor, Tensor>
            {
                [Shared("a", Member = "weight", {|owner:Transpose = true|})] private readonly Linear first;
                [Shared("a", Member = "weight")] private readonly Linear second;
                [Shared("b")] private readonly Linear whole1;
                [Shared("b", {|whole:Transpose = true|})] private readonly Linear whole2;
                [Shared("c")] private readonly Parameter cube1;
                [Shared("c", {|cube:Transpose = true|})] private readonly Parameter cube2;

                public Misuse() : base(nameof(Misuse))
                {
                    first = Linear(4, 4);
                    second = Linear(4, 4);
                    whole1 = Linear(4, 4);
                    whole2 = Linear(4, 4);
                    cube1 = Parameter(torch.zeros(2, 2, 2));
                    cube2 = Parameter(torch.zeros(2, 2, 2));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL018", "owner", "Transpose cannot apply to 'first.weight': it is the owner of shared group 'a'; mark the members that are its transpose"),
            Diagnostic("DECL018", "whole", "Transpose cannot apply to 'whole2': it is a whole module (Linear); name its 2-D parameter with Member, such as Member = \"weight\""),
            Diagnostic("DECL018", "cube", "Transpose cannot apply to 'cube2': it is [2, 2, 2], not a 2-D tensor"));
    }

    [Fact]
    public void Dtypes_given_in_code_must_agree()
    {
        Verify("""
            public partial class Mixed : Module<Tensor, Tensor>
            {
                [{|o1:Shared("s")|}] private readonly Parameter s1 = Parameter(torch.zeros(4, dtype: ScalarType.Float64));
                [{|a1:Shared("s")|}] private readonly Parameter s2 = Parameter(torch.zeros(4, dtype: torch.float32));
                [Shared("d")] private readonly Parameter d1 = Parameter(torch.zeros(4, dtype: float64));
                [Shared("d")] private readonly Parameter d2 = Parameter(torch.ones(4).to(ScalarType.Float64));
                [Shared("u")] private readonly Parameter u1 = Parameter(torch.zeros(4));
                [Shared("u")] private readonly Parameter u2 = Parameter(torch.zeros(4, dtype: float16));
                [{|o2:Tied("t", Lambda = 1)|}] private readonly Linear t1 = Linear(4, 4, dtype: ScalarType.BFloat16);
                [{|a2:Tied("t", Lambda = 1)|}] private readonly Linear t2 = Linear(4, 4, dtype: ScalarType.Float32);

                public Mixed() : base(nameof(Mixed)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL004", "a1", "'s2' has dtype Float32 but 's1', owner of shared group 's', has dtype Float64", "o1"),
            Diagnostic("DECL004", "a2", "'t2.weight' has dtype Float32 but 't1.weight', first member of tie group 't', has dtype BFloat16", "o2"));
    }

    [Fact]
    public void Modules_shared_whole_must_have_the_same_tensors()
    {
        Verify("""
            public partial class Parts : Module<Tensor, Tensor>
            {
                [{|o1:Shared("lin")|}] private readonly Linear withBias = Linear(4, 4);
                [{|a1:Shared("lin")|}] private readonly Linear withoutBias = Linear(4, 4, hasBias: false);
                [{|o2:Shared("mix")|}] private readonly Linear module = Linear(4, 4);
                [{|a2:Shared("mix")|}] private readonly Parameter tensor = Parameter(torch.zeros(4, 4));
                [{|o3:Shared("norm")|}] private readonly BatchNorm1d tracked = BatchNorm1d(4);
                [{|a3:Shared("norm")|}] private readonly BatchNorm1d untracked = BatchNorm1d(4, track_running_stats: false);

                public Parts() : base(nameof(Parts)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL005", "a1", "'withoutBias' and 'withBias', owner of shared group 'lin', do not have the same tensors: only 'withBias' has 'bias'", "o1"),
            Diagnostic("DECL005", "a2", "'tensor' and 'module', owner of shared group 'mix', do not have the same tensors: 'tensor' is [4, 4] and 'module' is a module (Linear)", "o2"),
            Diagnostic("DECL005", "a3", "'untracked' and 'tracked', owner of shared group 'norm', do not have the same tensors: only 'tracked' has 'running_mean'", "o3"));
    }

    [Fact]
    public void Instances_of_one_module_type_are_compared_by_their_tensors_or_else_their_arguments()
    {
        Verify("""
            public sealed class Block : Module<Tensor, Tensor>
            {
                private readonly Linear up;
                private readonly Linear down;
                private readonly Module<Tensor, Tensor> activation;

                public Block(long dim, long hidden, Func<Module<Tensor, Tensor>> makeActivation) : base(nameof(Block))
                {
                    up = Linear(dim, hidden);
                    down = Linear(hidden, dim);
                    activation = makeActivation();
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => down.call(activation.call(up.call(x)));
            }

            public sealed class Opaque : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> inner;

                public Opaque(long dim, long hidden, bool gated) : base(nameof(Opaque))
                {
                    inner = Build(dim, hidden, gated);
                    RegisterComponents();
                }

                // A delegate: inference does not follow it, so the arguments are what it can compare.
                private static readonly Func<long, long, bool, Module<Tensor, Tensor>> Build = (dim, hidden, gated) => Sequential(Linear(dim, hidden), Linear(hidden, dim));

                public override Tensor forward(Tensor x) => inner.call(x);
            }

            public sealed class Encoder : Module<Tensor, Tensor>
            {
                private readonly Linear proj;
                private readonly Dropout dropout;

                public Encoder(long dim, double rate) : base(nameof(Encoder))
                {
                    proj = Linear(dim, dim);
                    dropout = Dropout(rate);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => dropout.call(proj.call(x));
            }

            public partial class Network : Module<Tensor, Tensor>
            {
                [{|o1:Shared("block")|}] private readonly Block first;
                [{|a1:Shared("block")|}] private readonly Block second;
                [Shared("same")] private readonly Block third;
                [Shared("same")] private readonly Block fourth;
                [{|o2:Shared("ffn", Member = "up.weight")|}] private readonly Block fifth;
                [{|a2:Shared("ffn", Member = "up.weight")|}] private readonly Block sixth;
                [Shared("enc")] private readonly Encoder e1;
                [Shared("enc")] private readonly Encoder e2;
                [{|o3:Shared("opaque")|}] private readonly Opaque o1;
                [{|a3:Shared("opaque")|}] private readonly Opaque o2;
                [{|a4:Shared("opaque")|}] private readonly Opaque o3;
                [Shared("opaque")] private readonly Opaque o4;

                public Network(long dim, bool gated) : base(nameof(Network))
                {
                    first = new Block(dim, 4 * dim, () => GELU());
                    second = new Block(dim, 2 * dim, () => GELU());
                    third = new Block(dim, 4 * dim, () => GELU());
                    fourth = new Block(dim, 4 * dim, () => ReLU());
                    fifth = new Block(dim, 4 * dim, () => GELU());
                    sixth = new Block(dim + 1, 4 * dim, () => GELU());
                    e1 = new Encoder(dim, 0.1);
                    e2 = new Encoder(dim, 0.2);
                    o1 = new Opaque(dim, 4 * dim, true);
                    o2 = new Opaque(dim, 2 * dim, true);
                    o3 = new Opaque(dim, 4 * dim, false);
                    o4 = new Opaque(dim, 4 * dim, gated);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => e2.call(e1.call(sixth.call(fifth.call(fourth.call(third.call(second.call(first.call(x))))))));
            }
            """,
            // Tensors known: the first tensor that differs. Tensors unknown: the first argument known on both sides that differs.
            Diagnostic("DECL001", "a1", "'second.up.weight' is [2 * dim, dim] but 'first.up.weight', owner of shared group 'block', is [4 * dim, dim]", "o1"),
            Diagnostic("DECL001", "a2", "'sixth.up.weight' is [4 * dim, dim + 1] but 'fifth.up.weight', owner of shared group 'ffn', is [4 * dim, dim]", "o2"),
            Diagnostic("DECL006", "a3", "'o2' is Opaque(dim, 2 * dim, true) but 'o1', owner of shared group 'opaque', is Opaque(dim, 4 * dim, true): argument 'hidden' differs", "o3"),
            Diagnostic("DECL006", "a4", "'o3' is Opaque(dim, 4 * dim, false) but 'o1', owner of shared group 'opaque', is Opaque(dim, 4 * dim, true): argument 'gated' differs", "o3"));
    }
}
