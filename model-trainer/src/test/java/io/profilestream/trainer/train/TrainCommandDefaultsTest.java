package io.profilestream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.lstm.LstmTrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandDefaultsTest {

    @Test
    void shouldTrainWithTheTunedLstmDefaultsWhenNoOptionIsGiven() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs("--train", "train.tsv");

        assertThat(command.lstmConfig()).isEqualTo(LstmTrainingConfig.defaults());
    }
}
