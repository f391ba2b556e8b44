"""Theme assessments

Revision ID: 6994f8f514ed
Revises: 47298f71ac8d
Create Date: 2026-11-23 20:26:14.503178

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6994f8f514ed'
down_revision = '47298f71ac8d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment', sa.Enum('tatt_til_folge', 'delvis_tatt_til_folge', 'ikke_tatt_til_folge', 'til_orientering', name='assessment', native_enum=False, length=30), nullable=True))
        batch_op.add_column(sa.Column('assessment_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('assessed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_themes_assessed_by_id_users'), 'users', ['assessed_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_themes_assessed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('assessed_at')
        batch_op.drop_column('assessed_by_id')
        batch_op.drop_column('assessment_text')
        batch_op.drop_column('assessment')

