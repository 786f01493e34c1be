using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL007 to DECL011 and DECL014 to DECL017: how the attributes are written.</summary>
public class AttributeUsageTests
{
    [Fact]
    public void A_shared_key_used_once_shares_nothing_unless_the_field_is_a_collection()
    {
        Verify("""
            public partial class Lonely : Module<Tensor, Tensor>
            {
                [Shared({|key:"alone"|})] private readonly Linear a = Linear(2, 2);
                [Shared("layers")] private readonly ModuleList<Linear> layers = new ModuleList<Linear>(Linear(2, 2), Linear(2, 2));
                [Shared("gates", Member = "weight")] private readonly Linear[] gates = { Linear(2, 2), Linear(2, 2) };
                [Tied("cross", Lambda = 0.1)] private readonly Linear acrossModels = Linear(2, 2);

                public Lonely() : base(nameof(Lonely)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => a.call(x);
            }
            """,
            Diagnostic("DECL007", "key", "Shared key 'alone' is used by 'a' only, so nothing is shared"));
    }

    [Fact]
    public void A_key_used_once_that_looks_like_a_key_in_use_is_a_typo()
    {
        Verify("""
            public partial class Typos : Module<Tensor, Tensor>
            {
                [Shared("vocab", Member = "weight")] private readonly Embedding embed = Embedding(10, 4);
                [Shared("vocab", Member = "weight")] private readonly Linear head = Linear(4, 10);
                [Shared({|shared:"vocb"|}, Member = "weight")] private readonly Linear extra = Linear(4, 10);
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerA = Linear(4, 4);
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerB = Linear(4, 4);
                [Tied({|tied:"towr"|}, Lambda = 0.1)] private readonly Linear towerC = Linear(4, 4);
                [Tied("teacher", Lambda = 0.1)] private readonly Linear distilled = Linear(4, 4);

                public Typos() : base(nameof(Typos)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL008", "shared", "Shared key 'vocb' is used by 'extra' only; did you mean 'vocab'?"),
            Diagnostic("DECL008", "tied", "Tied key 'towr' is used by 'towerC' only; did you mean 'tower'?"));
    }

    [Fact]
    public void Two_single_shared_keys_that_look_alike_suggest_the_first_declared()
    {
        Verify("""
            public partial class Pair : Module<Tensor, Tensor>
            {
                [Shared({|first:"encoder"|})] private readonly Linear a = Linear(2, 2);
                [Shared({|second:"encodr"|})] private readonly Linear b = Linear(2, 2);

                public Pair() : base(nameof(Pair)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => b.call(a.call(x));
            }
            """,
            Diagnostic("DECL007", "first", "Shared key 'encoder' is used by 'a' only, so nothing is shared"),
            Diagnostic("DECL008", "second", "Shared key 'encodr' is used by 'b' only; did you mean 'encoder'?"));
    }

    [Fact]
    public void Lambda_must_be_given_finite_and_not_negative()
    {
        Verify("""
            public partial class Lambdas : Module<Tensor, Tensor>
            {
                [{|missing:Tied("a")|}] private readonly Linear a1 = Linear(2, 2);
                [Tied("a", Lambda = 0.1)] private readonly Linear a2 = Linear(2, 2);
                [Tied("b", Lambda = {|negative:-0.5|})] private readonly Linear b1 = Linear(2, 2);
                [Tied("b", Lambda = {|nan:double.NaN|})] private readonly Linear b2 = Linear(2, 2);
                [Tied("c", Lambda = {|infinite:double.PositiveInfinity|})] private readonly Linear c1 = Linear(2, 2);
                [Tied("c", Lambda = 0)] private readonly Linear c2 = Linear(2, 2);

                public Lambdas() : base(nameof(Lambdas)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL009", "missing", "[Tied(\"a\")] on 'a1' gives no Lambda; set it to the strength of the penalty, such as Lambda = 0.1"),
            Diagnostic("DECL010", "negative", "Lambda of 'b1' in tie group 'b' is -0.5; it must be finite and not negative"),
            Diagnostic("DECL010", "nan", "Lambda of 'b2' in tie group 'b' is NaN; it must be finite and not negative"),
            Diagnostic("DECL010", "infinite", "Lambda of 'c1' in tie group 'c' is Infinity; it must be finite and not negative"));
    }

    [Fact]
    public void Norm_must_be_a_TieNorm_member()
    {
        Verify("""
            public partial class Norms : Module<Tensor, Tensor>
            {
                [Tied("a", Lambda = 0.1, Norm = {|cast:(TieNorm)2|})] private readonly Linear a1 = Linear(2, 2);
                [Tied("a", Lambda = 0.1, Norm = {|second:(TieNorm)2|})] private readonly Linear a2 = Linear(2, 2);
                [Tied("b", Lambda = 0.1, Norm = (TieNorm)1)] private readonly Linear b1 = Linear(2, 2);
                [Tied("b", Lambda = 0.1, Norm = TieNorm.L1)] private readonly Linear b2 = Linear(2, 2);

                public Norms() : base(nameof(Norms)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL028", "cast", "Norm of 'a1' in tie group 'a' is (TieNorm)2, which TieNorm does not define; use TieNorm.SquaredL2 or TieNorm.L1"),
            Diagnostic("DECL028", "second", "Norm of 'a2' in tie group 'a' is (TieNorm)2, which TieNorm does not define; use TieNorm.SquaredL2 or TieNorm.L1"));
    }

    [Fact]
    public void Members_of_a_tie_group_give_one_Lambda_and_one_Norm()
    {
        Verify("""
            public partial class Settings : Module<Tensor, Tensor>
            {
                [Tied("a", Lambda = {|first:0.1|})] private readonly Linear a1 = Linear(2, 2);
                [Tied("a", Lambda = 0.1)] private readonly Linear a2 = Linear(2, 2);
                [Tied("a", Lambda = {|third:0.2|})] private readonly Linear a3 = Linear(2, 2);
                [{|n1:Tied("n", Lambda = 1)|}] private readonly Linear n1 = Linear(2, 2);
                [Tied("n", Lambda = 1, Norm = {|n2:TieNorm.L1|})] private readonly Linear n2 = Linear(2, 2);
                [Tied("same", Lambda = 1e-3, Norm = TieNorm.L1)] private readonly Linear s1 = Linear(2, 2);
                [Tied("same", Lambda = 0.001, Norm = TieNorm.L1)] private readonly Linear s2 = Linear(2, 2);

                public Settings() : base(nameof(Settings)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL011", "third", "'a3' gives Lambda = 0.2 but 'a1', first member of tie group 'a', gives Lambda = 0.1", "first"),
            Diagnostic("DECL011", "n2", "'n2' gives Norm = L1 but 'n1', first member of tie group 'n', gives Norm = SquaredL2", "n1"));
    }

    [Fact]
    public void Only_instance_fields_of_module_parameter_and_collection_types_can_be_annotated()
    {
        Verify("""
            public partial class Fields : Module<Tensor, Tensor>
            {
                [{|text:Shared("k")|}] private readonly string name = "";
                [{|tensor:Shared("t")|}] private readonly Tensor plain = torch.zeros(2);
                [{|list:Tied("l", Lambda = 1)|}] private readonly List<Linear> list = new();
                [{|static:Shared("s")|}] private static readonly Linear shared = Linear(2, 2);
                [Shared("ok")] private readonly Linear a = Linear(2, 2);
                [Shared("ok")] private readonly Linear b = Linear(2, 2);

                public Fields() : base(nameof(Fields)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL014", "text", "Field 'name' of type 'string' cannot be shared or tied; use a module, a Parameter, a ModuleList<T> or an array of modules"),
            Diagnostic("DECL014", "tensor", "Field 'plain' of type 'Tensor' cannot be shared or tied; use a module, a Parameter, a ModuleList<T> or an array of modules"),
            Diagnostic("DECL014", "list", "Field 'list' of type 'List<Linear>' cannot be shared or tied; use a module, a Parameter, a ModuleList<T> or an array of modules"),
            Diagnostic("DECL015", "static", "Field 'shared' is static; only instance fields can be shared or tied"));
    }

    [Fact]
    public void Member_paths_must_exist_in_the_field()
    {
        Verify("""
            public sealed class Ffn : Module<Tensor, Tensor>
            {
                private readonly Linear up = Linear(4, 16);
                private readonly Linear down = Linear(16, 4);
                public Ffn() : base(nameof(Ffn)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => down.call(up.call(x));
            }

            public sealed class Layer : Module<Tensor, Tensor>
            {
                private readonly Ffn ffn = new Ffn();
                private readonly ModuleList<Ffn> experts = new ModuleList<Ffn>(new Ffn(), new Ffn());
                public Layer() : base(nameof(Layer)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => ffn.call(x);
            }

            public partial class Paths : Module<Tensor, Tensor>
            {
                [Shared("w", Member = {|typo:"wieght"|})] private readonly Linear a = Linear(4, 4);
                [Shared("w", Member = "weight")] private readonly Linear b = Linear(4, 4);
                [Shared("deep", Member = "ffn.up.weight")] private readonly Layer l1 = new Layer();
                [Shared("deep", Member = {|deep:"ffn.upp.weight"|})] private readonly Layer l2 = new Layer();
                [Shared("expert", Member = "experts.1.down")] private readonly Layer l3 = new Layer();
                [Shared("expert", Member = "experts.0.down")] private readonly Layer l4 = new Layer();
                [Shared("p", Member = {|param:"data"|})] private readonly Parameter p1 = Parameter(torch.zeros(2));
                [Shared("p")] private readonly Parameter p2 = Parameter(torch.zeros(2));
                [Shared("rnn", Member = "weight_hh_l0")] private readonly GRU g1 = GRU(4, 4);
                [Shared("rnn", Member = {|rnn:"weight_hh_0"|})] private readonly GRU g2 = GRU(4, 4);
                [Shared("bias", Member = "bias")] private readonly Linear c1 = Linear(4, 4);
                [Shared("bias", Member = {|nobias:"bias"|})] private readonly Linear c2 = Linear(4, 4, hasBias: false);
                [Shared("deeper", Member = "weight")] private readonly Linear d1 = Linear(4, 4);
                [Shared("deeper", Member = {|deeper:"weight.data"|})] private readonly Linear d2 = Linear(4, 4);

                public Paths() : base(nameof(Paths)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL016", "typo", "Member 'wieght' does not exist in 'a': Linear has no 'wieght' (it has weight, bias)"),
            Diagnostic("DECL016", "deep", "Member 'ffn.upp.weight' does not exist in 'l2': Ffn has no 'upp' (it has up, down)"),
            Diagnostic("DECL016", "param", "Member 'data' does not exist in 'p1': Parameter has no 'data' (it has no members)"),
            Diagnostic("DECL016", "rnn", "Member 'weight_hh_0' does not exist in 'g2': GRU has no 'weight_hh_0' (it has weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...)"),
            Diagnostic("DECL016", "nobias", "Member 'bias' does not exist in 'c2': Linear has no 'bias' (it has weight)"),
            Diagnostic("DECL016", "deeper", "Member 'weight.data' does not exist in 'd2': Parameter has no 'data' (it has no members)"));
    }

    [Fact]
    public void A_shared_alias_cannot_also_be_tied()
    {
        Verify("""
            public partial class Both : Module<Tensor, Tensor>
            {
                [Shared("emb", Member = "weight")] [Tied("cross", Lambda = 0.1, Member = "weight")] private readonly Embedding embed = Embedding(10, 4);
                [{|alias:Shared("emb", Member = "weight")|}] [{|tie:Tied("mix", Lambda = 0.1)|}] private readonly Linear head = Linear(4, 10);
                [Tied("mix", Lambda = 0.1)] private readonly Linear other = Linear(4, 10);
                [Shared("b", Member = "bias")] private readonly Linear b1 = Linear(4, 10);
                [Shared("b", Member = "bias")] [Tied("w", Lambda = 0.1, Member = "weight")] private readonly Linear b2 = Linear(4, 10);
                [Tied("w", Lambda = 0.1, Member = "weight")] private readonly Linear b3 = Linear(4, 10);

                public Both() : base(nameof(Both)) { RegisterComponents(); }

                public override Tensor forward(Tensor x) => x;
            }
            """,
            Diagnostic("DECL017", "tie", "'head.weight' is an alias in shared group 'emb' and also tied in tie group 'mix'; its tensors are those of 'embed.weight', so tie 'embed.weight' instead", "alias"));
    }
}
