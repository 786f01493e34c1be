using System.Linq;
using Declarative.Analyzers.Tests.Infrastructure;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>The inference engine on its own: symbolic sizes, printed shapes, and the entry points the generator uses.</summary>
public class ShapeInferenceTests
{
    private static SymbolicSize Atom(string name) => SymbolicSize.Atom(name);

    private static SymbolicSize N(long value) => SymbolicSize.Constant(value);

    [Fact]
    public void Sizes_normalise_so_that_equal_expressions_compare_equal()
    {
        var dim = Atom("dim");
        var heads = Atom("heads");
        Assert.Equal(SymbolicSize.Multiply(dim, N(4)), SymbolicSize.Multiply(N(4), dim));
        Assert.Equal(SymbolicSize.Multiply(N(4), dim), SymbolicSize.Add(SymbolicSize.Multiply(N(2), dim), SymbolicSize.Multiply(dim, N(2))));
        Assert.Equal(dim, SymbolicSize.Divide(SymbolicSize.Multiply(dim, heads), heads));
        Assert.Equal(SymbolicSize.Add(dim, N(2)), SymbolicSize.Divide(SymbolicSize.Add(SymbolicSize.Multiply(N(2), dim), N(4)), N(2)));
        Assert.NotEqual(Atom("vocab"), dim);
        Assert.Equal(N(3), SymbolicSize.Divide(N(7), N(2)));
    }

    [Fact]
    public void Sizes_print_as_CSharp_reads_them()
    {
        var a = Atom("a");
        var b = Atom("b");
        Assert.Equal("a * a - b * b", SymbolicSize.Multiply(SymbolicSize.Add(a, b), SymbolicSize.Subtract(a, b))!.ToString());
        Assert.Equal("4 * cfg.Hidden + 1", SymbolicSize.Add(N(1), SymbolicSize.Multiply(Atom("cfg.Hidden"), N(4)))!.ToString());
        Assert.Equal("a / 3", SymbolicSize.Divide(a, N(3))!.ToString());
        Assert.Equal("2 * (a / 3)", SymbolicSize.Multiply(N(2), SymbolicSize.Divide(a, N(3)))!.ToString());
        Assert.Equal("(a + 1) / (2 * b)", SymbolicSize.Divide(SymbolicSize.Add(a, N(1)), SymbolicSize.Multiply(N(2), b))!.ToString());
        Assert.Equal("-a + 4", SymbolicSize.Subtract(N(4), a)!.ToString());
        Assert.Equal("[vocab, dim]", SymbolicShape.Of(Atom("vocab"), Atom("dim")).ToString());
        Assert.Equal("[?, 3]", SymbolicShape.Of(null, N(3)).ToString());
    }

    [Fact]
    public void Overflow_and_division_by_zero_are_unknown_rather_than_wrong()
    {
        Assert.Null(SymbolicSize.Multiply(N(long.MaxValue), N(2)));
        Assert.Null(SymbolicSize.Divide(Atom("a"), N(0)));
        Assert.Null(SymbolicSize.Divide(N(long.MinValue), N(-1)));
        Assert.Null(SymbolicSize.Negate(N(long.MinValue)));
    }

    [Fact]
    public void Unknown_sizes_never_make_shapes_differ_but_known_ones_do()
    {
        Assert.Equal(ShapeRelation.Undecided, SymbolicShape.Compare(SymbolicShape.Of(null, N(3)), SymbolicShape.Of(N(2), N(3))));
        Assert.Equal(ShapeRelation.Different, SymbolicShape.Compare(SymbolicShape.Of(null, N(3)), SymbolicShape.Of(N(2), N(4))));
        Assert.Equal(ShapeRelation.Different, SymbolicShape.Compare(SymbolicShape.Of(N(3)), SymbolicShape.Of(N(3), N(1))));
        Assert.Equal(ShapeRelation.Same, SymbolicShape.Compare(SymbolicShape.Of(Atom("d")), SymbolicShape.Of(Atom("d"))));
    }

    [Fact]
    public void Sizes_whose_normal_forms_differ_are_different_even_where_they_could_be_equal()
    {
        var vocab = Atom("vocab");
        var dim = Atom("dim");
        Assert.Equal(ShapeRelation.Different, SymbolicShape.Compare(SymbolicShape.Of(vocab, dim), SymbolicShape.Of(dim, vocab)));
        Assert.Equal(ShapeRelation.Different, SymbolicShape.Compare(SymbolicShape.Of(Atom("numClasses"), dim), SymbolicShape.Of(vocab, dim)));
        // A difference that does not involve the quotient is certain: dim / 3 + 1 is never dim / 3.
        var third = SymbolicSize.Divide(dim, N(3));
        Assert.Equal(ShapeRelation.Different, SymbolicSize.Compare(SymbolicSize.Add(third, N(1))!, third!));
        Assert.Equal(ShapeRelation.Same, SymbolicSize.Compare(SymbolicSize.Divide(dim, N(3))!, third!));
    }

    [Fact]
    public void Sizes_that_differ_through_a_quotient_or_remainder_are_undecided()
    {
        var dim = Atom("dim");
        var heads = Atom("heads");
        var perHead = SymbolicSize.Multiply(SymbolicSize.Divide(dim, heads), heads)!;
        Assert.Equal("(dim / heads) * heads", perHead.ToString());
        Assert.Equal(ShapeRelation.Undecided, SymbolicSize.Compare(perHead, dim));
        Assert.Equal(ShapeRelation.Undecided, SymbolicShape.Compare(SymbolicShape.Of(perHead, dim), SymbolicShape.Of(dim, dim)));
        // Another dimension that certainly differs still makes the shapes differ.
        Assert.Equal(ShapeRelation.Different, SymbolicShape.Compare(SymbolicShape.Of(perHead, dim), SymbolicShape.Of(dim, SymbolicSize.Multiply(N(2), dim))));

        var remainder = SymbolicSize.Remainder(dim, N(8))!;
        Assert.Equal("dim % 8", remainder.ToString());
        Assert.Equal(ShapeRelation.Undecided, SymbolicSize.Compare(remainder, SymbolicSize.Zero));
        Assert.Equal(N(3), SymbolicSize.Remainder(N(11), N(4)));
        Assert.Null(SymbolicSize.Remainder(dim, N(0)));
    }

    [Fact]
    public void Hint_dimensions_parse_as_sizes()
    {
        Assert.Equal(SymbolicSize.Multiply(N(4), Atom("cfg.Hidden")), ShapeHints.Parse("4 * cfg.Hidden"));
        Assert.Equal(SymbolicSize.Add(Atom("dim"), N(1)), ShapeHints.Parse("(dim + 1)"));
        Assert.Null(ShapeHints.Parse("2 +"));
        Assert.Null(ShapeHints.Parse("Math.Max(a, b)"));
        Assert.Null(ShapeHints.Parse("a % 2"));
    }

    [Fact]
    public void Linear_from_dim_to_vocab_and_Embedding_of_vocab_by_dim_infer_one_shape()
    {
        var compilation = TestCompilation.Create(("Model.cs", TestCompilation.Usings + """
            public sealed class LanguageModel : Module<Tensor, Tensor>
            {
                private readonly Embedding embed;
                private readonly Linear head;
                private readonly Linear wrong;
                private readonly Sequential mlp;

                public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                {
                    embed = Embedding(vocab, dim);
                    head = Linear(dim, vocab);
                    wrong = Linear(vocab, dim);
                    mlp = Sequential(("fc", Linear(dim, 4 * dim)), ("act", GELU()));
                    RegisterComponents();
                }

                public override Tensor forward(Tensor x) => x;
            }
            """));
        var type = compilation.GetTypeByMetadataName("LanguageModel")!;
        IFieldSymbol Field(string name) => type.GetMembers(name).OfType<IFieldSymbol>().Single();

        var embed = ShapeInference.InferMember(Field("embed"), "weight", compilation, default);
        var head = ShapeInference.InferMember(Field("head"), "weight", compilation, default);
        Assert.Equal("[vocab, dim]", embed?.ToString());
        Assert.Equal(embed, head);
        Assert.NotEqual(embed, ShapeInference.InferMember(Field("wrong"), "weight", compilation, default));
        Assert.Null(ShapeInference.InferMember(Field("head"), null, compilation, default));

        var tensors = ShapeInference.InferMemberTensors(Field("mlp"), null, compilation, default);
        Assert.Equal(new[] { "fc.weight [4 * dim, dim]", "fc.bias [4 * dim]" }, tensors.Select(t => $"{t.Path} {t.Shape}"));
    }

    [Fact]
    public void Inferred_modules_are_equal_by_value_across_compilations()
    {
        const string source = TestCompilation.Usings + """
            public sealed class Model : Module<Tensor, Tensor>
            {
                private readonly Sequential body = Sequential(Linear(3, 4), ReLU(), LayerNorm(4));
                public Model() : base(nameof(Model)) { RegisterComponents(); }
                public override Tensor forward(Tensor x) => x;
            }
            """;
        InferredMember? Infer()
        {
            var compilation = TestCompilation.Create(("Model.cs", source));
            var type = compilation.GetTypeByMetadataName("Model")!;
            var field = type.GetMembers("body").OfType<IFieldSymbol>().Single();
            return ShapeInference.Scenarios(type, compilation, default).Single().Value(field);
        }

        var first = Infer();
        var second = Infer();
        Assert.NotNull(first);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first!.GetHashCode(), second!.GetHashCode());
    }
}
