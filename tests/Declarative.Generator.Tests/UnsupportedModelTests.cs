using Declarative.Generator.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>What the generator cannot handle gets no code and no exception; the analyzers say why.</summary>
public class UnsupportedModelTests
{
    [Theory]
    [InlineData("NotPartial", """
        public class NotPartial : Module<Tensor, Tensor>
        {
            [Shared("k")] private readonly Linear a = Linear(2, 2);
            [Shared("k")] private readonly Linear b = Linear(2, 2);
            public NotPartial() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """)]
    [InlineData("NotAModule", """
        public partial class NotAModule
        {
            [Shared("k")] private readonly Linear a = Linear(2, 2);
            [Shared("k")] private readonly Linear b = Linear(2, 2);
        }
        """)]
    [InlineData("UnsupportedFieldType", """
        public partial class Strings : Module<Tensor, Tensor>
        {
            [Shared("k")] private readonly string a = "";
            [Shared("k")] private readonly string b = "";
            public Strings() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => x;
        }
        """)]
    [InlineData("SingleMember", """
        public partial class Lonely : Module<Tensor, Tensor>
        {
            [Shared("k")] private readonly Linear a = Linear(2, 2);
            public Lonely() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => a.call(x);
        }
        """)]
    [InlineData("UserOverridesNamedParameters", """
        public partial class Custom : Module<Tensor, Tensor>
        {
            [Shared("k")] private readonly Linear a = Linear(2, 2);
            [Shared("k")] private readonly Linear b = Linear(2, 2);
            public Custom() : base("m") { RegisterComponents(); }
            public override IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) => base.named_parameters(recurse);
            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """)]
    [InlineData("MissingLambda", """
        public partial class NoLambda : Module<Tensor, Tensor>
        {
            [Tied("k")] private readonly Linear a = Linear(2, 2);
            [Tied("k")] private readonly Linear b = Linear(2, 2);
            public NoLambda() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """)]
    [InlineData("NormNotATieNormMember", """
        public partial class OddNorm : Module<Tensor, Tensor>
        {
            [Tied("k", Lambda = 0.1, Norm = (TieNorm)2)] private readonly Linear a = Linear(2, 2);
            [Tied("k", Lambda = 0.1, Norm = (TieNorm)2)] private readonly Linear b = Linear(2, 2);
            public OddNorm() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """)]
    [InlineData("StaticField", """
        public partial class Statics : Module<Tensor, Tensor>
        {
            [Shared("k")] private static readonly Linear a = Linear(2, 2);
            [Shared("k")] private static readonly Linear b = Linear(2, 2);
            public Statics() : base("m") { RegisterComponents(); }
            public override Tensor forward(Tensor x) => b.call(a.call(x));
        }
        """)]
    public void Generates_nothing_for(string _, string source)
    {
        Assert.Equal(0, GeneratorHarness.CountGenerated(source));
    }
}
