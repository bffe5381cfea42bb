package io.profilestream.ml.lstm;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.config.SDValueType;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NativeArraysTest {

    private static final List<int[]> TRAIN = List.of(new int[]{0, 1, 2}, new int[]{3, 4, 5, 6}, new int[]{1, 2});
    private static final LstmTrainingConfig CONFIG = new LstmTrainingConfig(4, 6, 1, 8, 0.02, 5, 0.75, 3L, 0.0, 10);

    @Test
    void shouldFreeEveryIntermediateArrayOfAStepAndNoneOfTheGraphsVariables() {
        LstmTrainer.Graph g = LstmTrainer.Graph.build(10, CONFIG, TRAIN, new Random(3));
        List<Sequence> sequences = Sequence.cut(TRAIN, CONFIG.maxLength(), 10);

        g.fit(TrainingBatch.of(sequences, sampler(sequences), CONFIG, new Random(4)), 0.02, 0);

        SameDiff grad = g.sd.getFunction("grad");
        InferenceSession session = grad.getSessions().get(Thread.currentThread().getId());
        // No array cache may keep (and later hand out or compare) an array freed here.
        assertThat(session.getMmgr()).isInstanceOf(NoOpMemoryMgr.class);
        List<INDArray> owning = new ArrayList<>();
        for (Map.Entry<AbstractSession.VarId, SDValue> e : session.getNodeValueOutputs().entrySet()) {
            boolean intermediate = grad.getVariable(e.getKey().getVariable()).getVariableType() == VariableType.ARRAY;
            if (intermediate && e.getValue().getSdValueType() == SDValueType.TENSOR && !e.getValue().getTensorValue().isView()) {
                owning.add(e.getValue().getTensorValue());
            }
        }
        assertThat(owning).isNotEmpty().allMatch(INDArray::wasClosed);
        for (String name : List.of("Wx", "Wr", "b", "P", "p", "X")) {
            assertThat(g.sd.getVariable(name).getArr().wasClosed()).as(name).isFalse();
        }
    }

    @Test
    void shouldComputeTheSameLossForARepeatedBatchAfterEarlierStepsWereFreed() {
        LstmTrainer.Graph g = LstmTrainer.Graph.build(10, CONFIG, TRAIN, new Random(3));
        List<Sequence> sequences = Sequence.cut(TRAIN, CONFIG.maxLength(), 10);
        NegativeSampler sampler = sampler(sequences);
        TrainingBatch all = TrainingBatch.of(sequences, sampler, CONFIG, new Random(4)); // 3 x 3 steps
        TrainingBatch one = TrainingBatch.of(sequences.subList(2, 3), sampler, CONFIG, new Random(5)); // 1 x 1 step
        float[] wx = NativeArrays.floats(g.sd.getVariable("Wx").getArr());

        // Learning rate 0: nothing changes, so each step of the same batch must compute the same.
        double first = g.fit(all, 0, 0);
        g.fit(one, 0, 0); // another shape: the input rows' array is replaced and the old one freed
        double afterNewShape = g.fit(all, 0, 0);
        double sameShapeAgain = g.fit(all, 0, 0); // same shape: the rows are copied into the held array

        assertThat(afterNewShape).isEqualTo(first);
        assertThat(sameShapeAgain).isEqualTo(first);
        assertThat(NativeArrays.floats(g.sd.getVariable("Wx").getArr())).containsExactly(wx);
    }

    private static NegativeSampler sampler(List<Sequence> sequences) {
        return new NegativeSampler(sequences, 10, CONFIG.sampleAlpha());
    }

    @Test
    void shouldCopyOutAndAssignInRowMajorOrder() {
        INDArray columnMajor = Nd4j.create(new float[]{1, 2, 3, 4, 5, 6}, new long[]{2, 3}, 'f');

        assertThat(NativeArrays.floats(columnMajor)).containsExactly(1, 3, 5, 2, 4, 6);

        INDArray target = Nd4j.zeros(DataType.FLOAT, 2, 3);
        NativeArrays.assign(target, new float[]{1, 2, 3, 4, 5, 6});
        assertThat(target.getFloat(1, 0)).isEqualTo(4f);
        assertThat(target.getFloat(0, 2)).isEqualTo(3f);
    }

    @Test
    void shouldSkipViewsAndArraysAlreadyClosed() {
        INDArray parent = Nd4j.create(new float[]{1, 2, 3, 4}, new long[]{2, 2}, 'c');
        INDArray row = parent.getRow(1);

        NativeArrays.free(row);
        assertThat(parent.wasClosed()).isFalse();
        assertThat(parent.getFloat(1, 1)).isEqualTo(4f);

        NativeArrays.free(parent);
        NativeArrays.free(parent);
        assertThat(parent.wasClosed()).isTrue();
    }
}
