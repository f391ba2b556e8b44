"""Theme merges are kept so that they can be undone

Revision ID: c7a4e2d9f1b3
Revises: d4a8c2e6f1b9
Create Date: 2026-12-04 18:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7a4e2d9f1b3'
down_revision = 'd4a8c2e6f1b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'theme_merges',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('after', sa.String(length=64), nullable=False),
        sa.Column('merged_by_id', sa.Integer(), nullable=True),
        sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'],
                                name=op.f('fk_theme_merges_consultation_id_consultations')),
        sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_theme_merges_merged_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_merges')),
    )
    with op.batch_alter_table('theme_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_merges_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('theme_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_merges_consultation_id'))
    op.drop_table('theme_merges')
