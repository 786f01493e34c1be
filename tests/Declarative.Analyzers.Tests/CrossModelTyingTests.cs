using Xunit;
using static Declarative.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace Declarative.Analyzers.Tests;

/// <summary>DECL021, DECL022: Tying.Penalty ties keys across models; their shapes, Lambda and Norm must agree.</summary>
public class CrossModelTyingTests
{
    private const string Models = """
        public partial class Classifier : Module<Tensor, Tensor>
        {
            [Tied("encoder", Lambda = 0.1)] private readonly Linear encoder;
            [Tied("head", Lambda = 0.5, Member = "weight")] private readonly Linear head;

            public Classifier(long input, long hidden) : base(nameof(Classifier))
            {
                encoder = Linear(input, hidden);
                head = Linear(hidden, 10);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => head.call(encoder.call(x));
        }

        public partial class Reconstructor : Module<Tensor, Tensor>
        {
            [Tied("encoder", Lambda = 0.1)] private readonly Linear encoder;
            [Tied("head", Lambda = 0.25, Norm = TieNorm.L1, Member = "weight")] private readonly Linear head;

            public Reconstructor(long input, long hidden) : base(nameof(Reconstructor))
            {
                encoder = Linear(input, hidden);
                head = Linear(hidden, 10);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => head.call(encoder.call(x));
        }

        public partial class Fixed : Module<Tensor, Tensor>
        {
            [Tied("encoder", Lambda = 0.1)] private readonly Linear encoder = Linear(8, 3);
            public Fixed() : base(nameof(Fixed)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => encoder.call(x);
        }

        public partial class HeadOnly : Module<Tensor, Tensor>
        {
            [Tied("head", Lambda = 0.5, Member = "weight")] private readonly Linear head = Linear(8, 10);
            public HeadOnly() : base(nameof(HeadOnly)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => head.call(x);
        }

        public partial class AlsoFixed : Module<Tensor, Tensor>
        {
            [Tied("encoder", Lambda = 0.1)] private readonly Linear encoder = Linear(8, 4);
            public AlsoFixed() : base(nameof(AlsoFixed)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => encoder.call(x);
        }

        """;

    [Fact]
    public void Models_created_in_view_are_compared_in_the_caller_s_sizes()
    {
        Verify(Models + """
            public static class Training
            {
                public static Tensor Penalty(long input, long hidden)
                {
                    var classifier = new Classifier(input, hidden);
                    var reconstructor = new Reconstructor(input, 2 * hidden);
                    return Tying.Penalty(classifier, {|other:reconstructor|});
                }

                public static Tensor Agreeing(long input, long hidden)
                    => Tying.Penalty(new Classifier(input, hidden), {|agree:new Reconstructor(input, hidden)|});
            }
            """,
            Diagnostic("DECL021", "other", "Tie key 'encoder': 'Reconstructor.encoder.weight' is [2 * hidden, input] but 'Classifier.encoder.weight' is [hidden, input]; tied tensors must have one shape"),
            Diagnostic("DECL021", "other", "Tie key 'head': 'Reconstructor.head.weight' is [10, 2 * hidden] but 'Classifier.head.weight' is [10, hidden]; tied tensors must have one shape"),
            Diagnostic("DECL022", "other", "Tie key 'head': Lambda is 0.5 in Classifier but 0.25 in Reconstructor; a tie across models needs one Lambda"),
            Diagnostic("DECL022", "other", "Tie key 'head': Norm is SquaredL2 in Classifier but L1 in Reconstructor; a tie across models needs one Norm"),
            Diagnostic("DECL022", "agree", "Tie key 'head': Lambda is 0.5 in Classifier but 0.25 in Reconstructor; a tie across models needs one Lambda"),
            Diagnostic("DECL022", "agree", "Tie key 'head': Norm is SquaredL2 in Classifier but L1 in Reconstructor; a tie across models needs one Norm"));
    }

    [Fact]
    public void Models_passed_in_are_compared_only_where_their_sizes_are_numbers()
    {
        Verify(Models + """
            public static class Training
            {
                public static Tensor Numbers(Fixed a, AlsoFixed b) => Tying.Penalty(a, {|b:b|});

                public static Tensor Names(Classifier a, Fixed b) => Tying.Penalty(a, b);

                public static Tensor KeyOfTheLaterModels(HeadOnly a, Fixed b, AlsoFixed c) => Tying.Penalty(a, b, {|c:c|});
            }
            """,
            Diagnostic("DECL021", "b", "Tie key 'encoder': 'AlsoFixed.encoder.weight' is [4, 8] but 'Fixed.encoder.weight' is [3, 8]; tied tensors must have one shape"),
            Diagnostic("DECL021", "c", "Tie key 'encoder': 'AlsoFixed.encoder.weight' is [4, 8] but 'Fixed.encoder.weight' is [3, 8]; tied tensors must have one shape"));
    }

    [Fact]
    public void Calls_without_the_class_name_are_checked_too()
    {
        Verify("using static Declarative.Tying;\n" + Models + """
            public static class Training
            {
                public static Tensor Numbers(Fixed a, AlsoFixed b) => Penalty(a, {|b:b|});
            }
            """,
            Diagnostic("DECL021", "b", "Tie key 'encoder': 'AlsoFixed.encoder.weight' is [4, 8] but 'Fixed.encoder.weight' is [3, 8]; tied tensors must have one shape"));
    }
}
