using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// Each member of a shared or tie group carries a comment with what inference knows of its tensors: a tensor's shape,
/// a module's tensors by path; <c>?</c> for what it does not know, never a guess.
/// </summary>
public class MemberCommentTests
{
    [Fact]
    public void A_shared_module_names_its_tensors_and_their_shapes_on_the_owner_and_the_alias()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Twins : Module<Tensor, Tensor>
            {
                public Twins(long input, long hidden) : base(nameof(Twins))
                {
                    left = Linear(input, hidden);
                    right = Linear(input, hidden);
                    RegisterComponents();
                }

                [Shared("twin")] private readonly Linear left;
                [Shared("twin")] private readonly Linear right;

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """);

        Assert.Contains("""new global::Declarative.SharedMember("left"), // owner, weight [hidden, input], bias [hidden]""", generated);
        Assert.Contains("""new global::Declarative.SharedMember("right"))); // alias, weight [hidden, input], bias [hidden]""", generated);
    }

    [Fact]
    public void A_tied_module_names_its_tensors_and_an_unknown_size_is_a_question_mark()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Towers : Module<Tensor, Tensor>
            {
                public Towers(Func<long> features, long hidden) : base(nameof(Towers))
                {
                    towerA = Linear(features(), hidden);
                    towerB = Linear(features(), hidden);
                    RegisterComponents();
                }

                [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
                [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;

                public override Tensor forward(Tensor x) => towerB.call(towerA.call(x));
            }
            """);

        Assert.Contains("""new global::Declarative.TiedMember("towerA"), // weight [hidden, ?], bias [hidden]""", generated);
        Assert.Contains("""new global::Declarative.TiedMember("towerB"))); // weight [hidden, ?], bias [hidden]""", generated);
    }

    [Fact]
    public void A_module_with_many_tensors_is_summed_up_by_their_count_and_the_first_two()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Stacks : Module<Tensor, Tensor>
            {
                public Stacks() : base(nameof(Stacks))
                {
                    first = Sequential(Linear(8, 16), ReLU(), Linear(16, 16), ReLU(), Linear(16, 4));
                    second = Sequential(Linear(8, 16), ReLU(), Linear(16, 16), ReLU(), Linear(16, 4));
                    RegisterComponents();
                }

                [Tied("stack", Lambda = 0.5)] private readonly Sequential first;
                [Tied("stack", Lambda = 0.5)] private readonly Sequential second;

                public override Tensor forward(Tensor x) => second.call(first.call(x));
            }
            """);

        Assert.Contains("""new global::Declarative.TiedMember("first"), // 6 tensors: 0.weight [16, 8], 0.bias [16], ...""", generated);
    }

    [Fact]
    public void A_module_inference_cannot_follow_gets_no_shape_rather_than_a_guess()
    {
        string generated = GeneratorHarness.GenerateSingle("""
            namespace Samples;

            public partial class Opaque : Module<Tensor, Tensor>
            {
                public Opaque(Func<Linear> make) : base(nameof(Opaque))
                {
                    left = make();
                    right = make();
                    RegisterComponents();
                }

                [Shared("twin")] private readonly Linear left;
                [Shared("twin")] private readonly Linear right;

                public override Tensor forward(Tensor x) => right.call(left.call(x));
            }
            """);

        Assert.Contains("""new global::Declarative.SharedMember("left"), // owner""" + "\n", generated);
        Assert.Contains("""new global::Declarative.SharedMember("right"))); // alias""" + "\n", generated);
    }
}
