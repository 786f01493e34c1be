using System.Linq;
using Declarative.Common.Shapes;
using Declarative.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generator.Tests;

/// <summary>
/// Shape inference binds every model's constructors on every compilation; nullable analysis was most of that cost
/// and inference never reads nullability. On compilers that offer it, its semantic models must skip that analysis.
/// </summary>
public class ShapeInferenceCostTests
{
    [Fact]
    public void InferenceSemanticModelsSkipNullableAnalysisOnCompilersThatOfferIt()
    {
        var compilation = TestCompilation.Create(TestCompilation.Usings + "namespace Samples; public class Empty { }");
        var tree = compilation.SyntaxTrees.First();

        var model = SemanticModels.Get(compilation, tree);

        // SemanticModel.NullableAnalysisIsDisabled exists from Roslyn 4.10; these tests run on a newer compiler.
        var disabled = typeof(SemanticModel).GetProperty("NullableAnalysisIsDisabled");
        Assert.NotNull(disabled);
        Assert.Equal(true, disabled!.GetValue(model));
        Assert.Equal(false, disabled.GetValue(compilation.GetSemanticModel(tree)));
        Assert.Same(compilation, model.Compilation);
    }
}
